/**
 * TLS end to end on real traffic: node `tls` clients against a node `tls` server with a
 * self-signed certificate made by openssl in this test — TLS 1.2 (certificate visible) and
 * TLS 1.3, ALPN h2 / http/1.1 / none, and a client offering only RSA suites to the EC-keyed
 * server (a fatal handshake_failure alert, in plaintext). tcpdump captures; our items are compared with tshark's
 * TLS decoding of the same file (SNI, ALPN, versions, cipher suite, certificate, alerts).
 */
import test from 'ava';
import { join } from 'node:path';
import type { Item } from './item.ts';
import { dissectFile } from './testing/dissect-file.ts';
import { tempDir, tsharkRows } from './testing/pcap-fixtures.ts';
import { selfSignedCert, startTlsServer, tlsClient, type ClientResult, type ClientSpec } from './testing/servers-tls.ts';
import { startCapture } from './testing/tcpdump.ts';

const PORT = 17440;

const CLIENTS: ClientSpec[] = [
  { servername: 'api.wirehook.test', version: 'TLSv1.2', alpn: ['h2', 'http/1.1'] },
  { servername: 'wirehook.test', version: 'TLSv1.3', alpn: ['http/1.1'] },
  { servername: 'plain.wirehook.test', version: 'TLSv1.3' },
  { servername: 'refused.wirehook.test', version: 'TLSv1.2', alpn: ['http/1.1'], ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' },
];

let items: Item[] = [];
let results: ClientResult[] = [];
let file = '';
let cleanup: () => Promise<void>;

test.before(async () => {
  const tmp = await tempDir('wh-real-tls-');
  cleanup = tmp.cleanup;
  file = join(tmp.dir, 'tls.pcap');
  const server = await startTlsServer(PORT, await selfSignedCert(tmp.dir));
  const cap = await startCapture(file, `tcp port ${PORT}`);
  try {
    for (const c of CLIENTS) results.push(await tlsClient(PORT, c));
  } finally {
    await cap.stop();
    await server.stop();
  }
  items = (await dissectFile(file)).items;
});

test.after.always(async () => {
  if (!process.env.KEEP) await cleanup?.();
});

const bySni = (sni: string) => items.find((i) => i.request?.serverName === sni)!;

test('one TLS item per connection; SNI and offered ALPN match tshark', async (t) => {
  t.deepEqual(results.map((r) => r.ok), [true, true, true, false]);
  t.is(items.length, CLIENTS.length);
  t.true(items.every((i) => i.protocol.name === 'tls' && i.protocol.macro === 'tls'));
  const rows = await tsharkRows(file, ['tls.handshake.extensions_server_name', 'tls.handshake.extensions_alpn_str'], ['-d', `tcp.port==${PORT},tls`, '-Y', 'tls.handshake.type == 1']);
  t.deepEqual(
    items.map((i) => [i.request!.serverName, i.request!.alpn.join(',')]).sort(),
    rows.map((r) => [r[0], r[1]]).sort(),
  );
});

test('negotiated version, cipher suite and ALPN match tshark and the client', async (t) => {
  const rows = await tsharkRows(file, ['tcp.stream', 'tls.handshake.ciphersuite', 'tls.handshake.extensions.supported_version', 'tls.handshake.extensions_alpn_str'], ['-d', `tcp.port==${PORT},tls`, '-Y', 'tls.handshake.type == 2']);
  const SUITES: Record<string, string> = { '0x1301': 'TLS_AES_128_GCM_SHA256', '0x1302': 'TLS_AES_256_GCM_SHA384', '0x1303': 'TLS_CHACHA20_POLY1305_SHA256', '0xc02b': 'TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256', '0xc02c': 'TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384' };
  const theirs = rows.map((r) => [SUITES[r[1]] ?? r[1], r[2] === '0x0304' ? 'TLS 1.3' : 'TLS 1.2', r[3]]).sort();
  const ours = items.filter((i) => i.response).map((i) => [i.response!.cipherSuite, i.response!.version, i.response!.alpn]).sort();
  t.deepEqual(ours, theirs);
  CLIENTS.forEach((c, k) => {
    const it = bySni(c.servername);
    const r = results[k];
    if (!r.ok) return;
    t.is(it.response!.cipherSuite, r.cipher);
    // TLS 1.3 sends the selected ALPN encrypted (EncryptedExtensions): not visible.
    t.is(it.response!.alpn, r.protocol === 'TLSv1.3' ? '' : r.alpn || '');
    t.is(`TLSv${it.protocol.version}`, r.protocol ?? '');
  });
});

test('TLS 1.2 shows the server certificate like tshark; TLS 1.3 hides it', async (t) => {
  const cert = bySni('api.wirehook.test').response!.certificate;
  t.like(cert, { subject: 'CN=wirehook.test, O=Wirehook Test', issuer: 'CN=wirehook.test, O=Wirehook Test' });
  t.deepEqual(cert.subjectAltNames, ['wirehook.test', 'api.wirehook.test', '127.0.0.1']);
  const rows = await tsharkRows(file, ['x509sat.uTF8String', 'x509ce.dNSName', 'x509af.serialNumber'], ['-d', `tcp.port==${PORT},tls`, '-Y', 'tls.handshake.type == 11']);
  t.is(rows.length, 1, 'the TLS 1.2 connection shows its certificate');
  for (const r of rows) {
    t.deepEqual(r[0].split(','), ['wirehook.test', 'Wirehook Test', 'wirehook.test', 'Wirehook Test']);
    t.deepEqual(r[1].split(','), cert.subjectAltNames.slice(0, 2));
    t.is(r[2].replace(/:/g, '').replace(/^0+/, ''), cert.serialNumber.replace(/^0+/, ''));
  }
  t.is(bySni('wirehook.test').response!.certificate, null);
  t.is(bySni('wirehook.test').protocol.version, '1.3');
});

test('handshake latency is measured; a refused handshake is a fatal alert like tshark shows', async (t) => {
  for (const sni of ['api.wirehook.test', 'wirehook.test', 'plain.wirehook.test']) {
    const r = bySni(sni).response!;
    t.true(typeof r.handshakeMs === 'number' && r.handshakeMs >= 0 && r.handshakeMs < 5000, `${sni}: ${r.handshakeMs}`);
    t.is(bySni(sni).error, null);
  }
  const refused = bySni('refused.wirehook.test');
  const rows = await tsharkRows(file, ['tls.alert_message.level', 'tls.alert_message.desc'], ['-d', `tcp.port==${PORT},tls`, '-Y', 'tls.alert_message.desc']);
  t.deepEqual(rows, [['2', '40']]);
  t.is(refused.response, null);
  t.deepEqual(refused.error, { type: 'connection', msg: 'TLS alert from the server: handshake_failure' });
  t.deepEqual(refused.request!.cipherSuites, ['TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256', 'TLS_EMPTY_RENEGOTIATION_INFO_SCSV']);
});
