import test from 'ava';
import type { RawPacket } from './raw-packet.ts';
import { PcapParser, PcapFormatError } from './pcap-parser.ts';
import { encodePcap } from './pcap-writer.ts';
import { LinkType } from './link-types.ts';
import { collector } from '../testing/pcap-fixtures.ts';

const frames = [
  new Uint8Array([1, 2, 3, 4, 5]),
  new Uint8Array(0),
  Uint8Array.from({ length: 300 }, (_, i) => i & 0xff),
  new Uint8Array([9, 9, 9]),
];
const records = frames.map((data, i) => ({ tsSec: 1_700_000_000 + i, tsNsec: 123_456_000 + i * 1000, data, origLen: data.length + (i === 3 ? 100 : 0) }));

/** Swap every header field of a little-endian classic pcap into big-endian. */
function toBigEndian(le: Uint8Array): Uint8Array {
  const out = le.slice();
  const src = new DataView(le.buffer, le.byteOffset, le.byteLength);
  const dst = new DataView(out.buffer);
  const swap32 = (o: number): void => dst.setUint32(o, src.getUint32(o, true), false);
  const swap16 = (o: number): void => dst.setUint16(o, src.getUint16(o, true), false);
  swap32(0);
  swap16(4);
  swap16(6);
  for (const o of [8, 12, 16, 20]) swap32(o);
  for (let o = 24; o < le.length; ) {
    const caplen = src.getUint32(o + 8, true);
    for (const f of [0, 4, 8, 12]) swap32(o + f);
    o += 16 + caplen;
  }
  return out;
}

function parseAll(file: Uint8Array, chunkSizes?: () => number): { packets: RawPacket[]; parser: PcapParser } {
  const c = collector();
  const parser = new PcapParser(c.onPacket);
  if (!chunkSizes) parser.push(file);
  else for (let o = 0; o < file.length; ) {
    const n = Math.max(1, chunkSizes());
    parser.push(file.subarray(o, o + n));
    o += n;
  }
  parser.end();
  return { packets: c.packets, parser };
}

function recordStarts(file: Uint8Array): number[] {
  const v = new DataView(file.buffer, file.byteOffset, file.byteLength);
  const starts: number[] = [];
  for (let o = 24; o < file.length; o += 16 + v.getUint32(o + 8, true)) starts.push(o);
  return starts;
}

test('classic pcap, little-endian µs: every field of every record', (t) => {
  const file = encodePcap({ linkType: LinkType.RAW, snaplen: 65535 }, records);
  const { packets, parser } = parseAll(file);
  t.is(parser.format, 'pcap');
  t.deepEqual(parser.linkTypes, [LinkType.RAW]);
  t.is(parser.snaplen, 65535);
  t.false(parser.nanosecond);
  t.is(parser.packets, 4);
  t.is(parser.bytesConsumed, file.length);
  t.deepEqual(
    packets.map((p) => [p.linkType, p.tsSec, p.tsNsec, p.origLen, Array.from(p.data), p.interfaceId]),
    records.map((r) => [LinkType.RAW, r.tsSec, r.tsNsec, r.origLen, Array.from(r.data), 0]),
  );
});

test('classic pcap, big-endian and nanosecond variants', (t) => {
  const ns = records.map((r, i) => ({ ...r, tsNsec: 999_999_990 + i }));
  for (const [file, nano, expectNs] of [
    [toBigEndian(encodePcap({}, records)), false, records.map((r) => r.tsNsec)],
    [encodePcap({ nanosecond: true }, ns), true, ns.map((r) => r.tsNsec)],
    [toBigEndian(encodePcap({ nanosecond: true }, ns)), true, ns.map((r) => r.tsNsec)],
  ] as const) {
    const { packets, parser } = parseAll(file);
    t.is(parser.nanosecond, nano);
    t.deepEqual(parser.linkTypes, [LinkType.ETHERNET]);
    t.deepEqual(packets.map((p) => p.tsNsec), [...expectNs]);
    t.deepEqual(packets.map((p) => p.origLen), records.map((r) => r.origLen));
    t.deepEqual(packets.map((p) => Array.from(p.data)), frames.map((f) => Array.from(f)));
  }
});

test('1-byte and random-sized chunks give identical packets', (t) => {
  const file = encodePcap({ nanosecond: true }, records);
  const whole = parseAll(file).packets;
  t.deepEqual(parseAll(file, () => 1).packets, whole);
  let seed = 7;
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) % 97) + 1;
  for (let i = 0; i < 20; i++) t.deepEqual(parseAll(file, rnd).packets, whole);
});

test('data is a view into the pushed chunk unless the record spans chunks', (t) => {
  const file = encodePcap({}, records);
  const seen: boolean[] = [];
  const chunk1 = file.slice(0, 100); // header + record 0 + record 1 + start of record 2
  const chunk2 = file.slice(100);
  const parser = new PcapParser((p) => seen.push(p.data.buffer === chunk1.buffer || p.data.buffer === chunk2.buffer));
  parser.push(chunk1);
  parser.push(chunk2);
  parser.end();
  t.deepEqual(seen, [true, true, false, true]);
});

test('cut mid-record anywhere: complete packets delivered, then ERR_PCAP_TRUNCATED at the record start', (t) => {
  const file = encodePcap({}, records);
  const starts = recordStarts(file);
  for (const cut of [1, 3, 4, 10, 23, 25, 39, 40, 41, 60, starts[2] + 1, starts[3] + 15, file.length - 1]) {
    const c = collector();
    const parser = new PcapParser(c.onPacket);
    parser.push(file.subarray(0, cut));
    const err = t.throws(() => parser.end(), { instanceOf: PcapFormatError });
    const complete = starts.filter((_, i) => (starts[i + 1] ?? file.length) <= cut).length;
    const expectOffset = cut < 24 ? 0 : starts[complete];
    t.is(err?.code, 'ERR_PCAP_TRUNCATED', `cut ${cut}`);
    t.is(err?.offset, expectOffset, `cut ${cut}`);
    t.is(c.packets.length, complete, `cut ${cut}`);
    t.throws(() => parser.end(), { is: err }, 'the failure is sticky');
  }
});

test('empty input and header-only input', (t) => {
  const p = new PcapParser(() => t.fail());
  t.is(t.throws(() => p.end(), { instanceOf: PcapFormatError })?.code, 'ERR_PCAP_TRUNCATED');
  const h = new PcapParser(() => t.fail());
  h.push(encodePcap({ linkType: LinkType.LINUX_SLL2 }, []));
  h.end();
  t.deepEqual(h.linkTypes, [LinkType.LINUX_SLL2]);
  t.is(h.packets, 0);
});

test('impossible captured length → ERR_PCAP_CORRUPT at that record, earlier packets delivered', (t) => {
  const file = encodePcap({}, records);
  const starts = recordStarts(file);
  new DataView(file.buffer, file.byteOffset).setUint32(starts[2] + 8, 300 * 1024, true);
  for (const chunk of [file.length, 1, 17]) {
    const c = collector();
    const parser = new PcapParser(c.onPacket);
    const err = t.throws(
      () => {
        for (let o = 0; o < file.length; o += chunk) parser.push(file.subarray(o, o + chunk));
      },
      { instanceOf: PcapFormatError },
    );
    t.is(err?.code, 'ERR_PCAP_CORRUPT');
    t.is(err?.offset, starts[2]);
    t.regex(err?.message ?? '', /307200 captured bytes/);
    t.is(c.packets.length, 2);
    t.throws(() => parser.push(new Uint8Array(1)), { is: err });
  }
});

test('bad magic → ERR_PCAP_BAD_MAGIC, with a hint for gzip', (t) => {
  const text = new PcapParser(() => undefined);
  const e1 = t.throws(() => text.push(new TextEncoder().encode('GET / HTTP/1.1\r\n')), { instanceOf: PcapFormatError });
  t.is(e1?.code, 'ERR_PCAP_BAD_MAGIC');
  t.is(e1?.offset, 0);
  t.regex(e1?.message ?? '', /47 45 54 20/);
  const gz = new PcapParser(() => undefined);
  gz.push(new Uint8Array([0x1f]));
  const e2 = t.throws(() => gz.push(new Uint8Array([0x8b, 8, 0])), { instanceOf: PcapFormatError });
  t.regex(e2?.message ?? '', /gunzip/);
});

test('unsupported classic version → ERR_PCAP_CORRUPT', (t) => {
  const file = encodePcap({}, records);
  file.writeUInt16LE(3, 4);
  const err = t.throws(() => new PcapParser(() => undefined).push(file), { instanceOf: PcapFormatError });
  t.is(err?.code, 'ERR_PCAP_CORRUPT');
  t.is(err?.offset, 0);
});

test('quirks: orig_len below caplen is raised; an oversized fraction carries into seconds', (t) => {
  const file = encodePcap({}, [{ tsSec: 10, data: new Uint8Array(8) }]);
  file.writeUInt32LE(2_500_000, 24 + 4); // 2.5 s of microseconds
  file.writeUInt32LE(4, 24 + 12); // orig_len 4 < caplen 8
  const { packets } = parseAll(file);
  t.is(packets[0].tsSec, 12);
  t.is(packets[0].tsNsec, 500_000_000);
  t.is(packets[0].origLen, 8);
});

test('an exception from the callback propagates and fails the parser', (t) => {
  const boom = new Error('consumer bug');
  const parser = new PcapParser(() => {
    throw boom;
  });
  t.throws(() => parser.push(encodePcap({}, records)), { is: boom });
  t.throws(() => parser.end(), { is: boom });
});

test('a record carried across chunks stays intact until the next push (batching readers)', (t) => {
  const big = Array.from({ length: 6 }, (_, i) => Uint8Array.from({ length: 400 }, (_, j) => (i * 31 + j) & 0xff));
  const file = encodePcap({ linkType: LinkType.ETHERNET }, big.map((data, i) => ({ tsSec: 1_700_000_000 + i, tsNsec: 0, data, origLen: data.length })));
  const batch: RawPacket[] = [];
  const seen: number[][] = [];
  const parser = new PcapParser((p) => batch.push(p));
  // Chunks of 500 bytes: most records span two chunks and come from the carry buffer,
  // while the chunk's tail is carried on. Read each batch only after its push returned.
  for (let o = 0; o < file.length; o += 500) {
    parser.push(file.subarray(o, o + 500));
    for (const p of batch.splice(0)) seen.push([...p.data]);
  }
  parser.end();
  t.deepEqual(seen, big.map((d) => [...d]));
});
