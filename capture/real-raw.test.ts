/**
 * Raw TCP and UDP end to end on real traffic: node echo servers on unusual loopback ports
 * speak a protocol no dissector knows, so every connection must still become a raw `tcp` /
 * `udp` item (KFL `tcp` / `udp`). tcpdump captures; per-connection byte counts are compared
 * with tshark's (sum of tcp.len / udp.length per stream and direction).
 */
import test from 'ava';
import dgram from 'node:dgram';
import net from 'node:net';
import { join } from 'node:path';
import type { Item } from './item.ts';
import { compileKfl } from './kfl/index.ts';
import { dissectFile } from './testing/dissect-file.ts';
import { tempDir, tsharkRows } from './testing/pcap-fixtures.ts';
import { startCapture } from './testing/tcpdump.ts';

const TCP_PORT = 17450;
const UDP_PORT = 17451;
const MESSAGES = ['HELO wirehook\n', 'x'.repeat(5000), 'BYE\n'];

let items: Item[] = [];
let file = '';
let cleanup: () => Promise<void>;

function tcpEcho(): Promise<net.Server> {
  const srv = net.createServer((s) => s.pipe(s));
  return new Promise((r) => srv.listen(TCP_PORT, '127.0.0.1', () => r(srv)));
}

function tcpConversation(): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = net.connect(TCP_PORT, '127.0.0.1');
    let want = 0;
    let got = 0;
    const next = (i: number) => {
      if (i === MESSAGES.length) return void s.end();
      want += MESSAGES[i].length;
      s.write(MESSAGES[i]);
      const wait = () => (got >= want ? next(i + 1) : setTimeout(wait, 5));
      wait();
    };
    s.on('connect', () => next(0));
    s.on('data', (d) => (got += d.length));
    s.on('close', () => resolve());
    s.on('error', reject);
  });
}

function udpEcho(): Promise<dgram.Socket> {
  const s = dgram.createSocket('udp4');
  s.on('message', (m, r) => s.send(m, r.port, r.address));
  return new Promise((r) => s.bind(UDP_PORT, '127.0.0.1', () => r(s)));
}

function udpExchange(): Promise<void> {
  return new Promise((resolve) => {
    const c = dgram.createSocket('udp4');
    let n = 0;
    c.on('message', () => (++n === 3 ? c.close(() => resolve()) : undefined));
    c.bind(0, '127.0.0.1', () => ['one', 'two', 'three'].forEach((m) => c.send(m, UDP_PORT, '127.0.0.1')));
  });
}

test.before(async () => {
  const tmp = await tempDir('wh-real-raw-');
  cleanup = tmp.cleanup;
  file = join(tmp.dir, 'raw.pcap');
  const tcp = await tcpEcho();
  const udp = await udpEcho();
  const cap = await startCapture(file, `port ${TCP_PORT} or port ${UDP_PORT}`);
  try {
    await tcpConversation();
    await tcpConversation();
    await udpExchange();
  } finally {
    await cap.stop();
    await new Promise((r) => tcp.close(r));
    await new Promise<void>((r) => udp.close(() => r()));
  }
  items = (await dissectFile(file)).items;
});

test.after.always(async () => {
  if (!process.env.KEEP) await cleanup?.();
});

test('every TCP connection is one raw item whose byte counts match tshark', async (t) => {
  const rows = await tsharkRows(file, ['tcp.stream', 'tcp.dstport', 'tcp.len'], ['-Y', `tcp.port == ${TCP_PORT} and tcp.len > 0`]);
  const sums = new Map<string, [number, number]>();
  for (const [stream, dport, len] of rows) {
    const s = sums.get(stream) ?? [0, 0];
    s[dport === String(TCP_PORT) ? 0 : 1] += Number(len);
    sums.set(stream, s);
  }
  const tcp = items.filter((i) => i.protocol.name === 'tcp');
  t.is(tcp.length, 2);
  t.deepEqual(tcp.map((i) => [i.request!.size, i.response!.size]), [...sums.values()]);
  for (const it of tcp) {
    t.is(it.request!.size, MESSAGES.join('').length);
    t.true(it.request!.preview.startsWith('HELO wirehook.'));
    t.like(it, { dst: { port: String(TCP_PORT) }, requestSize: it.request!.size, responseSize: it.response!.size });
  }
});

test('the UDP exchange is one raw item with datagram counts like tshark', async (t) => {
  const rows = await tsharkRows(file, ['udp.dstport', 'udp.length'], ['-Y', `udp.port == ${UDP_PORT}`]);
  const udp = items.filter((i) => i.protocol.name === 'udp');
  t.is(udp.length, 1);
  t.is(udp[0].request!.chunks, rows.filter((r) => r[0] === String(UDP_PORT)).length);
  t.is(udp[0].response!.chunks, rows.filter((r) => r[0] !== String(UDP_PORT)).length);
  t.is(udp[0].request!.size, rows.filter((r) => r[0] === String(UDP_PORT)).reduce((a, r) => a + Number(r[1]) - 8, 0));
  t.is(udp[0].request!.preview, 'onetwothree');
});

test('the KFL tcp and udp macros select the raw items', (t) => {
  const tcp = compileKfl('tcp');
  const udp = compileKfl('udp and !dns');
  t.is(items.filter((i) => tcp.match(i)).length, 2);
  t.is(items.filter((i) => udp.match(i)).length, 1);
});
