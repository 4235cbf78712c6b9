import test from 'ava';
import { spawn } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { readPcapBuffer, readPcapFile, readPcapStream } from './pcap-file.ts';
import { PcapFormatError } from './pcap-parser.ts';
import { encodePcap } from './pcap-writer.ts';
import { collector, tempDir } from '../testing/pcap-fixtures.ts';

// ~3.4 MB: many 64 KiB chunks, records straddling chunk boundaries.
const records = Array.from({ length: 6000 }, (_, i) => ({
  tsSec: 1_700_000_000 + Math.floor(i / 10),
  tsNsec: (i % 10) * 100_000_000,
  data: Uint8Array.from({ length: 60 + ((i * 97) % 1000) }, (_, j) => (i * 31 + j) & 0xff),
}));
const file = encodePcap({}, records);
const expected = (() => {
  const c = collector();
  readPcapBuffer(file, c.onPacket);
  return c.packets;
})();

async function fixture(t: import('ava').ExecutionContext, bytes: Uint8Array, name = 'f.pcap'): Promise<string> {
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

test('readPcapFile in 64 KiB chunks delivers exactly what an in-memory parse does', async (t) => {
  const path = await fixture(t, file);
  const c = collector();
  let chunks = 0;
  const summary = await readPcapFile(path, c.onPacket, { chunkSize: 64 * 1024, afterChunk: async () => void chunks++ });
  t.deepEqual(summary, { format: 'pcap', packets: 6000, bytes: file.length, linkTypes: [1], nanosecond: false });
  t.is(chunks, Math.ceil(file.length / (64 * 1024)));
  t.deepEqual(c.packets, expected);
  const d = collector();
  await readPcapFile(path, d.onPacket);
  t.deepEqual(d.packets, expected);
});

test('readPcapFile on a cut file delivers every complete packet, then rejects ERR_PCAP_TRUNCATED', async (t) => {
  const path = await fixture(t, file.subarray(0, file.length - 5));
  const c = collector();
  const err = await t.throwsAsync(readPcapFile(path, c.onPacket, { chunkSize: 64 * 1024 }), { instanceOf: PcapFormatError });
  t.is(err?.code, 'ERR_PCAP_TRUNCATED');
  t.is(c.packets.length, 5999);
  t.is(err?.offset, file.length - 16 - records[5999].data.length);
});

test('readPcapFile: missing file and abort', async (t) => {
  await t.throwsAsync(readPcapFile('/nonexistent/x.pcap', () => undefined), { code: 'ENOENT' });
  const path = await fixture(t, file);
  const ac = new AbortController();
  let n = 0;
  const err = await t.throwsAsync(
    readPcapFile(path, () => void (++n === 10 && ac.abort()), { chunkSize: 64 * 1024, signal: ac.signal }),
    { any: true },
  );
  t.is((err as Error | undefined)?.name, 'AbortError');
  t.true(n < 6000);
});

test("readPcapStream reads a child's stdout (cat)", async (t) => {
  const path = await fixture(t, file);
  const child = spawn('cat', [path], { stdio: ['ignore', 'pipe', 'inherit'] });
  const c = collector();
  const summary = await readPcapStream(child.stdout, c.onPacket);
  t.is(summary.packets, 6000);
  t.deepEqual(c.packets, expected);
});

test('readPcapStream rejects a corrupt stream after the valid packets and stops reading', async (t) => {
  const bad = Buffer.from(file);
  const at = 24 + 16 + records[0].data.length + 16 + records[1].data.length; // third record
  bad.writeUInt32LE(1 << 30, at + 8);
  const path = await fixture(t, bad);
  const child = spawn('cat', [path], { stdio: ['ignore', 'pipe', 'inherit'] });
  const c = collector();
  const err = await t.throwsAsync(readPcapStream(child.stdout, c.onPacket), { instanceOf: PcapFormatError });
  t.is(err?.code, 'ERR_PCAP_CORRUPT');
  t.is(err?.offset, at);
  t.is(c.packets.length, 2);
  t.true(child.stdout.destroyed);
});

test('readPcapStream over a file stream with tiny chunks', async (t) => {
  const path = await fixture(t, file.subarray(0, 200_000));
  const c = collector();
  await t.throwsAsync(readPcapStream(createReadStream(path, { highWaterMark: 333 }), c.onPacket), { code: 'ERR_PCAP_TRUNCATED' });
  t.deepEqual(c.packets, expected.slice(0, c.packets.length));
  t.true(c.packets.length > 300);
});

test('readPcapStream on process.stdin of a child process (piped)', async (t) => {
  const script = `
    import { readPcapStream } from ${JSON.stringify(new URL('./pcap-file.ts', import.meta.url).href)};
    let bytes = 0;
    const s = await readPcapStream(process.stdin, (p) => { bytes += p.data.length; });
    console.log(JSON.stringify({ packets: s.packets, bytes }));`;
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['pipe', 'pipe', 'inherit'] });
  child.stdin.end(file);
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  t.is(code, 0);
  t.deepEqual(JSON.parse(out), { packets: 6000, bytes: records.reduce((n, r) => n + r.data.length, 0) });
});
