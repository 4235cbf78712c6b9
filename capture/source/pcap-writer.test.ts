import test from 'ava';
import { Writable } from 'node:stream';
import { PcapWriter, encodePcap } from './pcap-writer.ts';
import { readPcapBuffer } from './pcap-file.ts';
import { LinkType } from './link-types.ts';
import { collector } from '../testing/pcap-fixtures.ts';

const records = Array.from({ length: 50 }, (_, i) => ({
  tsSec: 1_600_000_000 + i,
  tsNsec: i * 20_000_017,
  data: Uint8Array.from({ length: 40 + i * 13 }, (_, j) => (i + j) & 0xff),
  origLen: 40 + i * 13 + (i % 3) * 100,
}));

test('round trip, microseconds: fraction truncated to µs; lengths, link type and snaplen kept', (t) => {
  const file = encodePcap({ linkType: LinkType.LINUX_SLL2, snaplen: 9000 }, records);
  t.deepEqual(Array.from(file.subarray(0, 4)), [0xd4, 0xc3, 0xb2, 0xa1]);
  t.is(file.readUInt32LE(16), 9000);
  const c = collector();
  const summary = readPcapBuffer(file, c.onPacket);
  t.deepEqual(summary, { format: 'pcap', packets: 50, bytes: file.length, linkTypes: [LinkType.LINUX_SLL2], nanosecond: false });
  c.packets.forEach((p, i) => {
    t.is(p.tsSec, records[i].tsSec);
    t.is(p.tsNsec, Math.floor(records[i].tsNsec / 1000) * 1000);
    t.is(p.origLen, records[i].origLen);
    t.deepEqual(p.data, records[i].data);
  });
});

test('round trip, nanoseconds: exact', (t) => {
  const file = encodePcap({ nanosecond: true }, records);
  t.deepEqual(Array.from(file.subarray(0, 4)), [0x4d, 0x3c, 0xb2, 0xa1]);
  const c = collector();
  t.true(readPcapBuffer(file, c.onPacket).nanosecond);
  t.deepEqual(c.packets.map((p) => p.tsNsec), records.map((r) => r.tsNsec));
});

test('header is written once, by writeHeader() or the first write()', (t) => {
  const empty = new PcapWriter({ linkType: LinkType.RAW }).toBuffer();
  t.is(empty.length, 24);
  t.is(empty.readUInt32LE(20), LinkType.RAW);
  const w = new PcapWriter();
  w.writeHeader();
  w.writeHeader();
  w.write(1, 0, new Uint8Array(3));
  t.is(w.toBuffer().length, 24 + 16 + 3);
  t.is(w.packets, 1);
  t.is(w.bytesWritten, 43);
  t.throws(() => new PcapWriter({ linkType: 70000 }), { instanceOf: RangeError });
});

test('function sink gets large batches that concatenate to the file; a record larger than a batch fits', (t) => {
  const parts: Buffer[] = [];
  const w = new PcapWriter({ sink: (c) => parts.push(Buffer.from(c)), batchBytes: 64 * 1024 });
  const big = new Uint8Array(200_000).fill(7);
  const all = [...records, { tsSec: 5, tsNsec: 0, data: big, origLen: big.length }];
  for (let k = 0; k < 40; k++) for (const r of records) w.write(r.tsSec, r.tsNsec, r.data, r.origLen);
  w.write(5, 0, big);
  w.flush();
  t.true(parts.length > 5 && parts.length < 40, `${parts.length} batches`);
  const expected = encodePcap({}, [...Array.from({ length: 40 }, () => records).flat(), all.at(-1)!]);
  t.deepEqual(Buffer.concat(parts), expected);
});

test('stream sink: write() reports backpressure, drained() waits, end() resolves after finish', async (t) => {
  const received: Buffer[] = [];
  let pendingCb: (() => void) | undefined;
  const slow = new Writable({
    highWaterMark: 128 * 1024,
    write(chunk: Buffer, _enc, cb) {
      received.push(Buffer.from(chunk));
      pendingCb = cb;
      setImmediate(() => pendingCb?.());
    },
  });
  const w = new PcapWriter({ sink: slow, batchBytes: 64 * 1024 });
  let waits = 0;
  for (let k = 0; k < 100; k++) {
    for (const r of records) {
      if (!w.write(r.tsSec, r.tsNsec, r.data, r.origLen)) {
        waits++;
        await w.drained();
      }
    }
  }
  await w.end();
  t.true(waits > 0, 'backpressure was signalled');
  t.true(slow.writableFinished);
  const expected = encodePcap({}, Array.from({ length: 100 }, () => records).flat());
  t.deepEqual(Buffer.concat(received), expected);
});
