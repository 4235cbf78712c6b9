/**
 * Redis end to end on real traffic: redis-cli and a node socket against redis-server
 * (Debian) on loopback — plain commands, errors, a 50 KB value across segments, RESP3
 * (`redis-cli -3`), `redis-cli --pipe` and a 200-command pipeline in one write. tcpdump
 * captures; our items are compared with tshark's RESP decoding of the same file.
 */
import test from 'ava';
import { join } from 'node:path';
import type { Item } from './item.ts';
import { dissectFile } from './testing/dissect-file.ts';
import { tempDir, tsharkRows } from './testing/pcap-fixtures.ts';
import { pipelineOverSocket, redisCli, respCommand, startRedis } from './testing/servers-redis.ts';
import { startCapture } from './testing/tcpdump.ts';

const PORT = 17410;
const BIG = 'v'.repeat(50_000);
const PIPELINED = 200;

let items: Item[] = [];
let file = '';
let weirds: Record<string, number> = {};
let cleanup: () => Promise<void>;

test.before(async () => {
  const tmp = await tempDir('wh-real-redis-');
  cleanup = tmp.cleanup;
  file = join(tmp.dir, 'redis.pcap');
  const redis = await startRedis(PORT);
  const cap = await startCapture(file, `tcp port ${PORT}`);
  try {
    const cli = (...a: string[]) => redisCli(PORT, a);
    await cli('SET', 'greeting', 'hello');
    await cli('GET', 'greeting');
    await cli('INCR', 'counter');
    await cli('RPUSH', 'list', 'a', 'b', 'c');
    await cli('LRANGE', 'list', '0', '-1');
    await cli('HSET', 'h', 'f1', 'v1', 'f2', 'v2');
    await cli('GET', 'missing');
    await cli('LPUSH', 'greeting', 'x');
    await redisCli(PORT, ['-x', 'SET', 'big'], BIG);
    await cli('GET', 'big');
    await redisCli(PORT, ['-3', 'HGETALL', 'h']);
    const pipe = Array.from({ length: 20 }, (_, i) => respCommand('SET', `pipe:${i}`, String(i))).join('');
    await redisCli(PORT, ['--pipe'], pipe);
    let load = '';
    for (let i = 0; i < PIPELINED; i++) load += i % 2 ? respCommand('GET', `k:${i - 1}`) : respCommand('SET', `k:${i}`, `value-${i}`);
    await pipelineOverSocket(PORT, load, (got) => got.split('\r\n').filter((l) => l === '+OK' || l.startsWith('$')).length >= PIPELINED);
  } finally {
    await cap.stop();
    await redis.stop();
  }
  const out = await dissectFile(file);
  items = out.items;
  weirds = out.pipeline.weirds.toJSON();
});

test.after.always(async () => {
  if (!process.env.KEEP) await cleanup?.();
});

/** tshark's client commands per TCP stream, in order: [stream, command, key]. */
async function tsharkCommands(): Promise<string[][]> {
  const rows = await tsharkRows(file, ['tcp.stream', 'resp.array.length', 'resp.bulk_string.value'], [
    '-d', `tcp.port==${PORT},resp`,
    // A request split over segments shows twice: partially, then reassembled.
    '-Y', `resp and tcp.dstport == ${PORT} and not resp.reassembled_in_next_frame`,
  ]);
  const out: string[][] = [];
  for (const [stream, lengths, values] of rows) {
    if (!lengths) continue;
    const vals = values.split(',').map((h) => Buffer.from(h, 'hex').toString('utf8'));
    let at = 0;
    for (const n of lengths.split(',').map(Number)) {
      out.push([stream, vals[at].toUpperCase(), vals[at + 1] ?? '']);
      at += n;
    }
  }
  return out;
}

test('every command tshark decodes is a Redis item with the same command and key, in order', async (t) => {
  const theirs = await tsharkCommands();
  const ours = items.filter((i) => i.protocol.name === 'redis' && i.request).map((i) => [String(Number(i.stream.slice(0, 12)) - 1), i.request!.command, i.request!.key]);
  // tshark streams count from 0 in file order, ours from 1 in creation order: compare per stream in order.
  const byStream = (rows: string[][]) => {
    const m: Record<string, string[][]> = {};
    for (const r of rows) (m[r[0]] ??= []).push(r.slice(1));
    return m;
  };
  t.true(theirs.length > PIPELINED + 20, `tshark decoded ${theirs.length} commands`);
  t.deepEqual(byStream(ours), byStream(theirs));
  t.deepEqual(weirds, {});
});

test('replies pair in order: values, integers, nil, errors like tshark shows them', async (t) => {
  const find = (cmd: string, key: string) => items.find((i) => i.request?.command === cmd && i.request.key === key)!;
  t.like(find('SET', 'greeting').response, { type: 'Simple String', keyword: 'OK' });
  t.like(find('GET', 'greeting').response, { type: 'Bulk String', value: 'hello' });
  t.like(find('INCR', 'counter').response, { type: 'Integer', value: '1' });
  t.like(find('LRANGE', 'list').response, { type: 'Array', value: '[a, b, c]' });
  t.like(find('GET', 'missing').response, { type: 'Null' });
  const errors = await tsharkRows(file, ['resp.error'], ['-d', `tcp.port==${PORT},resp`, '-Y', 'resp.error']);
  t.deepEqual(items.filter((i) => i.response?.type === 'Error').map((i) => i.response!.value), errors.map((r) => r[0]));
  t.like(find('LPUSH', 'greeting').response, { keyword: 'WRONGTYPE' });
});

test('a 50 KB value across many segments is one item with the whole value', async (t) => {
  const set = items.find((i) => i.request?.command === 'SET' && i.request.key === 'big')!;
  t.is(set.request!.value, BIG);
  const get = items.find((i) => i.request?.command === 'GET' && i.request.key === 'big')!;
  t.is(get.response!.value, BIG);
  const rows = await tsharkRows(file, ['resp.bulk_string.length'], ['-d', `tcp.port==${PORT},resp`, '-Y', `tcp.srcport == ${PORT} and resp.bulk_string.length > 1000`]);
  t.deepEqual(rows.map((r) => Number(r[0])), [get.response!.value.length]);
});

test('RESP3 map replies and pipelines: every command answered, in order', (t) => {
  const hgetall = items.find((i) => i.request?.command === 'HGETALL')!;
  t.like(hgetall.response, { type: 'Map', value: '{f1: v1, f2: v2}' });
  const pipelined = items.filter((i) => i.request?.key.startsWith('k:'));
  t.is(pipelined.length, PIPELINED);
  for (const it of pipelined) {
    if (it.request!.command === 'SET') t.is(it.response!.keyword, 'OK');
    else t.is(it.response!.value, `value-${it.request!.key.slice(2)}`);
  }
  t.is(items.filter((i) => i.request?.key.startsWith('pipe:') && i.response?.keyword === 'OK').length, 20);
  t.is(items.filter((i) => i.error !== null).length, 0);
});
