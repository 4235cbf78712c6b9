/**
 * Synthetic TLS connections (port 443): a ClientHello with SNI (one of a few service
 * names), ALPN (h2 / http/1.1), supported versions and groups; then either a TLS 1.3
 * handshake (ServerHello, encrypted flight, client Finished) or a TLS 1.2 one (ServerHello,
 * a 2-certificate chain, ServerHelloDone, key exchange, ChangeCipherSpec/Finished both
 * ways); then a few application-data records each way; ~2% end in a fatal alert instead.
 * One handshake item per connection. `tlsConversation` is one connection;
 * `generateTlsCorpus` interleaves many. Deterministic per seed.
 */
import {
  alertRecord, applicationData, CHANGE_CIPHER_SPEC, certificateDer, certificateMessage, clientHello, handshakeRecord, SERVER_HELLO_DONE,
  serverHelloMessage, tlsRecord,
} from '../dissect/protocols/tls-encode.ts';
import { clientOf, generateCorpus, type CorpusOptions, type CorpusSummary } from './corpus.ts';
import { type Conversation } from './interleave.ts';
import { TcpConversation, type FrameSink } from './tcp-conversation.ts';

const HOSTS = ['api.shop.example', 'auth.shop.example', 'cdn.shop.example', 'payments.example.net'];
const CA = certificateDer({ subject: [['CN', 'Shop Example Issuing CA'], ['O', 'Shop Example']] });
// ECDHE ServerKeyExchange: named curve x25519, a 32-byte point, an ecdsa_secp256r1_sha256 signature.
const SERVER_KEY_EXCHANGE = [12, 0, 0, 72, 3, 0x00, 0x1d, 32, ...new Array(32).fill(3), 0x04, 0x03, 0, 32, ...new Array(32).fill(8)];
const LEAVES = HOSTS.map((h, i) => certificateDer({ subject: [['CN', h]], issuer: [['CN', 'Shop Example Issuing CA'], ['O', 'Shop Example']], serial: 100 + i, dnsNames: [h] }));

export function* tlsConversation(
  sink: FrameSink,
  client: { ip: string; port: number },
  server: { ip: string; port: number },
  rand: () => number,
  t0: number,
  count: (n: number) => void,
): Conversation {
  const c = new TcpConversation(sink, { client, server, rttMs: 0.4 });
  let t = c.open(t0);
  const step = function* (dir: 0 | 1, bytes: Uint8Array, think = 0.5): Generator<number, void, void> {
    yield (t += 0.05 + rand() * think);
    t = c.send(dir, bytes, t);
  };
  const h = Math.floor(rand() * HOSTS.length);
  const alpn = rand() < 0.6 ? ['h2', 'http/1.1'] : ['http/1.1'];
  yield* step(0, clientHello({ serverName: HOSTS[h], alpn, versions: [0x0304, 0x0303], groups: [0x1d, 0x17], ciphers: [0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc030] }));
  count(1);
  if (rand() < 0.02) {
    yield* step(1, alertRecord(2, 40));
    yield (t += 0.1);
    c.close(t, 1);
    return;
  }
  if (rand() < 0.7) {
    yield* step(1, Buffer.concat([handshakeRecord(serverHelloMessage({ version: 0x0304, cipher: 0x1301, group: 0x1d })), CHANGE_CIPHER_SPEC, applicationData(2400 + Math.floor(rand() * 800))]), 2);
    yield* step(0, Buffer.concat([CHANGE_CIPHER_SPEC, applicationData(53)]));
  } else {
    const chosen = alpn[0];
    yield* step(1, handshakeRecord(serverHelloMessage({ cipher: 0xc02f, alpn: chosen }), certificateMessage([LEAVES[h], CA]), SERVER_KEY_EXCHANGE, SERVER_HELLO_DONE), 2);
    yield* step(0, Buffer.concat([handshakeRecord([16, 0, 0, 33, 32, ...new Array(32).fill(4)]), CHANGE_CIPHER_SPEC, tlsRecord(22, new Array(40).fill(5))]));
    yield* step(1, Buffer.concat([CHANGE_CIPHER_SPEC, tlsRecord(22, new Array(40).fill(6))]));
  }
  for (let k = 1 + Math.floor(rand() * 4); k > 0; k--) {
    yield* step(0, applicationData(80 + Math.floor(rand() * 600)), 3);
    yield* step(1, applicationData(200 + Math.floor(rand() * 6000)), 5);
  }
  yield (t += 0.1 + rand());
  c.close(t, 0);
}

export function generateTlsCorpus(out: FrameSink, o: CorpusOptions): CorpusSummary {
  return generateCorpus(out, o, (sink, i, rand, t, count) => tlsConversation(sink, clientOf(i), { ip: `10.5.0.${1 + (i % 4)}`, port: 443 }, rand, t, count));
}
