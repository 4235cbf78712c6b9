import test from 'ava';
import { byteByByte, flowOf, run } from '../testing/flow-fixture.ts';
import type { Step } from '../testing/flow-fixture.ts';
import { rawTcp } from './raw-tcp.ts';
import { detectTls } from './tls-detect.ts';
import {
  alertRecord, applicationData, CHANGE_CIPHER_SPEC, certificateDer, certificateMessage, clientHello, handshakeRecord, SERVER_HELLO_DONE,
  serverHelloMessage, tlsRecord,
} from './tls-encode.ts';
import { HRR_RANDOM } from './tls-tables.ts';
import { tls } from './tls.ts';

const flow = flowOf('tcp', 443);

function dissect(steps: Step[], split?: (n: number) => number[]) {
  const h = run([tls, rawTcp], steps, { flow, split, registryOptions: { fallback: { tcp: 'tcp' } } });
  return { items: h.items, weirds: h.weirds.toJSON() };
}

const leaf = certificateDer({ subject: [['CN', 'api.wirehook.test'], ['O', 'Wirehook']], issuer: [['CN', 'Wirehook Test CA']], serial: 0x2a, dnsNames: ['api.wirehook.test', 'www.wirehook.test'] });
const ca = certificateDer({ subject: [['CN', 'Wirehook Test CA']] });

const tls12: Step[] = [
  { dir: 0, bytes: clientHello({ serverName: 'api.wirehook.test', alpn: ['h2', 'http/1.1'], ciphers: [0x0a0a, 0xc02f, 0xc030], groups: [0x1d, 0x17] }), ts: 1000 },
  { dir: 1, bytes: handshakeRecord(serverHelloMessage({ cipher: 0xc02f, alpn: 'h2' }), certificateMessage([leaf, ca]), SERVER_HELLO_DONE), ts: 1002 },
  { dir: 0, bytes: Buffer.concat([handshakeRecord([16, 0, 0, 1, 0]), CHANGE_CIPHER_SPEC, tlsRecord(22, new Array(40).fill(3))]), ts: 1004 },
  { dir: 1, bytes: Buffer.concat([CHANGE_CIPHER_SPEC, tlsRecord(22, new Array(40).fill(4))]), ts: 1006 },
  { dir: 0, bytes: applicationData(300), ts: 1007 },
  { dir: 1, bytes: applicationData(5000), ts: 1008 },
];

test('TLS 1.2: SNI, ALPN, cipher, certificate subject/issuer, handshake latency; one item', (t) => {
  for (const split of [undefined, byteByByte]) {
    const { items, weirds } = dissect(tls12, split);
    t.deepEqual(weirds, {});
    t.is(items.length, 1);
    const [it] = items;
    t.like(it.protocol, { name: 'tls', abbr: 'TLS', macro: 'tls', version: '1.2', layer4: 'tcp' });
    t.like(it.request, { serverName: 'api.wirehook.test', alpn: ['h2', 'http/1.1'], cipherSuites: ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384'], supportedGroups: ['x25519', 'secp256r1'] });
    t.like(it.response, { version: 'TLS 1.2', cipherSuite: 'TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', alpn: 'h2', certificates: 2, handshakeMs: 6, resumed: false, alerts: [] });
    t.deepEqual(it.response!.certificate, {
      subject: 'CN=api.wirehook.test, O=Wirehook',
      issuer: 'CN=Wirehook Test CA',
      serialNumber: '2a',
      notBefore: '2026-01-01T00:00:00Z',
      notAfter: '2027-01-01T00:00:00Z',
      subjectAltNames: ['api.wirehook.test', 'www.wirehook.test'],
    });
    t.is(it.elapsedTime, 2);
    t.is(it.error, null);
    t.false(it.tls);
  }
});

test('TLS 1.3: supported_versions decides; complete at the client Finished; certificate not visible', (t) => {
  const { items, weirds } = dissect([
    { dir: 0, bytes: clientHello({ serverName: 'h3.test', alpn: ['http/1.1'], versions: [0x3a3a, 0x0304, 0x0303], groups: [0x1d] }), ts: 2000 },
    { dir: 1, bytes: Buffer.concat([handshakeRecord(serverHelloMessage({ version: 0x0304, cipher: 0x1302, group: 0x1d })), CHANGE_CIPHER_SPEC, applicationData(900)]), ts: 2001 },
    { dir: 0, bytes: Buffer.concat([CHANGE_CIPHER_SPEC, applicationData(53)]), ts: 2003.5 },
    { dir: 0, bytes: applicationData(200), ts: 2004 },
  ]);
  t.deepEqual(weirds, {});
  t.is(items.length, 1);
  t.is(items[0].protocol.version, '1.3');
  t.deepEqual(items[0].request!.supportedVersions, ['TLS 1.3', 'TLS 1.2']);
  t.deepEqual(items[0].request!.keyShares, ['x25519']);
  t.like(items[0].response, { version: 'TLS 1.3', cipherSuite: 'TLS_AES_256_GCM_SHA384', keyShare: 'x25519', alpn: '', certificate: null, certificates: 0, handshakeMs: 3.5 });
});

test('a HelloRetryRequest is followed by the real ServerHello', (t) => {
  const { items } = dissect([
    { dir: 0, bytes: clientHello({ serverName: 'r.test', versions: [0x0304], groups: [0x17] }) },
    { dir: 1, bytes: Buffer.concat([handshakeRecord(serverHelloMessage({ version: 0x0304, group: 0x1d, random: HRR_RANDOM })), CHANGE_CIPHER_SPEC]) },
    { dir: 0, bytes: Buffer.concat([CHANGE_CIPHER_SPEC, clientHello({ serverName: 'r.test', versions: [0x0304], groups: [0x1d] })]) },
    { dir: 1, bytes: Buffer.concat([handshakeRecord(serverHelloMessage({ version: 0x0304, group: 0x1d })), applicationData(100)]) },
    { dir: 0, bytes: applicationData(53) },
  ]);
  t.is(items.length, 1);
  t.like(items[0].response, { helloRetryRequest: true, keyShare: 'x25519', version: 'TLS 1.3' });
});

test('a fatal alert ends the handshake with an error item', (t) => {
  const { items } = dissect([
    { dir: 0, bytes: clientHello({ serverName: 'bad.test', ciphers: [0x0005] }) },
    { dir: 1, bytes: alertRecord(2, 40) },
  ]);
  t.is(items.length, 1);
  t.is(items[0].response, null);
  t.deepEqual(items[0].error, { type: 'connection', msg: 'TLS alert from the server: handshake_failure' });
  const cert = dissect([...tls12.slice(0, 2), { dir: 0, bytes: alertRecord(2, 48) }]);
  t.deepEqual(cert.items[0].response!.alerts, [{ level: 'fatal', description: 'unknown_ca', from: 'client' }]);
  t.is(cert.items[0].response!.handshakeMs, null);
});

test('resumption by session id; an unfinished handshake is emitted at the end', (t) => {
  const sid = new Array(32).fill(5);
  const { items } = dissect([
    { dir: 0, bytes: clientHello({ serverName: 's.test', sessionId: sid }) },
    { dir: 1, bytes: Buffer.concat([handshakeRecord(serverHelloMessage({ cipher: 0xc02f, sessionId: sid })), CHANGE_CIPHER_SPEC]) },
    { dir: 0, bytes: CHANGE_CIPHER_SPEC },
  ]);
  t.true(items[0].response!.resumed);
  const cut = dissect([{ dir: 0, bytes: clientHello({ serverName: 'late.test' }) }]);
  t.is(cut.items.length, 1);
  t.like(cut.items[0], { response: null, error: { type: 'connection' } });
  t.is(cut.items[0].request!.serverName, 'late.test');
});

test('garbage after the first record is a weird; non-TLS bytes violate to raw TCP', (t) => {
  const g = dissect([{ dir: 0, bytes: clientHello({ serverName: 'x.test' }) }, { dir: 1, bytes: 'HTTP/1.1 400 Bad Request\r\n\r\n' }]);
  t.is(g.weirds.tls_bad_record, 1);
  t.like(g.items[0].error, { type: 'dissection' });
  const v = dissect([{ dir: 0, bytes: Uint8Array.from([0x16, 0x03, 0x01, 0x00, 0x05, 0x01, 0xff, 0xff, 0xff, 0xff]) }, { dir: 0, bytes: Uint8Array.from([0x99, 1, 2, 3, 4, 5]) }, { dir: 1, bytes: 'x' }]);
  t.is(v.weirds.tls_bad_record, 1);
  t.is(v.items.at(-1)!.protocol.name, 'tcp');
});

test('detect: ClientHello certain, ServerHello likely, application data not', (t) => {
  t.is(detectTls(clientHello({ serverName: 'a' }), 0), 1);
  t.is(detectTls(handshakeRecord(serverHelloMessage()), 1), 0.9);
  t.is(detectTls(applicationData(10), 0), 0);
  t.is(detectTls(Buffer.from('GET /'), 0), 0);
});
