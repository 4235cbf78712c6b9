/**
 * ICMP end to end on real traffic: `ping -c 3 127.0.0.1` (iputils-ping) and a UDP datagram
 * to a closed loopback port (the kernel answers Port Unreachable with the datagram
 * embedded). tcpdump captures; our items are compared with tshark's ICMP decoding of the
 * same file (type, code, identifier, sequence, the embedded tuple).
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import dgram from 'node:dgram';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Item } from './item.ts';
import { dissectFile } from './testing/dissect-file.ts';
import { tempDir, tsharkRows } from './testing/pcap-fixtures.ts';
import { startCapture } from './testing/tcpdump.ts';

const exec = promisify(execFile);
const CLOSED_PORT = 17489;
// Higher than the closed port: with no handshake, the lower port is taken for the server.
const SRC_PORT = 17498;

let items: Item[] = [];
let file = '';
let cleanup: () => Promise<void>;

function sendToClosedPort(): Promise<void> {
  return new Promise((resolve) => {
    const s = dgram.createSocket('udp4');
    s.on('error', () => undefined);
    s.bind(SRC_PORT, '127.0.0.1', () => s.send('anyone there?', CLOSED_PORT, '127.0.0.1', () => setTimeout(() => s.close(() => resolve()), 200)));
  });
}

test.before(async () => {
  const tmp = await tempDir('wh-real-icmp-');
  cleanup = tmp.cleanup;
  file = join(tmp.dir, 'icmp.pcap');
  const cap = await startCapture(file, `icmp or (udp and port ${CLOSED_PORT})`);
  try {
    await exec('ping', ['-c', '3', '-i', '0.2', '127.0.0.1']);
    await sendToClosedPort();
  } finally {
    await cap.stop();
  }
  items = (await dissectFile(file)).items;
});

test.after.always(async () => {
  if (!process.env.KEEP) await cleanup?.();
});

test('ping: each echo request pairs with its reply by identifier and sequence, like tshark', async (t) => {
  const rows = await tsharkRows(file, ['icmp.type', 'icmp.code', 'icmp.ident', 'icmp.seq'], ['-Y', 'icmp.type == 8 or icmp.type == 0']);
  const echoes = items.filter((i) => i.request?.type === 8);
  t.is(echoes.length, 3);
  t.is(rows.length, 6);
  for (const it of echoes) {
    t.like(it.request, { typeName: 'Echo Request', code: 0 });
    t.like(it.response, { typeName: 'Echo Reply', identifier: it.request!.identifier, sequence: it.request!.sequence });
    t.like(it.protocol, { name: 'icmp', abbr: 'ICMP', macro: 'icmp' });
    t.is(it.error, null);
  }
  const ours = echoes.flatMap((i) => [i.request!, i.response!]).map((m) => [m.type, m.code, m.identifier, m.sequence].join('/')).sort();
  t.deepEqual(ours, rows.map((r) => r.map(Number).join('/')).sort());
});

test('a datagram to a closed port: Port Unreachable with the embedded tuple tshark shows', async (t) => {
  const rows = await tsharkRows(file, ['icmp.type', 'icmp.code', 'ip.src', 'ip.dst', 'udp.srcport', 'udp.dstport'], ['-Y', 'icmp.type == 3']);
  t.is(rows.length, 1);
  const [type, code, ips, dsts, sport, dport] = rows[0];
  const un = items.find((i) => i.request?.type === 3)!;
  t.like(un.request, { type: Number(type), code: Number(code), typeName: 'Destination Unreachable', codeName: 'Port Unreachable' });
  // tshark lists the outer then the inner IP header; the inner one is the original datagram.
  t.deepEqual(un.request!.original, {
    ipVersion: 4,
    protocol: 'udp',
    src: { ip: ips.split(',')[1], port: Number(sport) },
    dst: { ip: dsts.split(',')[1], port: Number(dport) },
  });
  t.deepEqual([un.request!.original.src.port, un.request!.original.dst.port], [SRC_PORT, CLOSED_PORT]);
});

test('the datagram itself is a raw UDP item', (t) => {
  const raw = items.find((i) => i.protocol.name === 'udp')!;
  t.like(raw.request, { size: 13, chunks: 1, preview: 'anyone there?' });
  t.like(raw, { dst: { port: String(CLOSED_PORT) } });
});
