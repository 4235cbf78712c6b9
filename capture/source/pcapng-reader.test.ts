import test from 'ava';
import type { RawPacket } from './raw-packet.ts';
import { PcapParser, PcapFormatError } from './pcap-parser.ts';
import { LinkType } from './link-types.ts';
import { PcapngBuilder, BlockType } from '../testing/pcap-ng-builder.ts';
import { collector } from '../testing/pcap-fixtures.ts';

const eth = Uint8Array.from({ length: 60 }, (_, i) => i);
const raw = Uint8Array.from({ length: 41 }, (_, i) => 0x45 + i);

function read(file: Uint8Array, chunk = file.length): { packets: RawPacket[]; parser: PcapParser } {
  const c = collector();
  const parser = new PcapParser(c.onPacket);
  for (let o = 0; o < file.length; o += chunk) parser.push(file.subarray(o, o + chunk));
  parser.end();
  return { packets: c.packets, parser };
}

function sample(le: boolean): Uint8Array {
  return new PcapngBuilder(le)
    .shb()
    .idb({ linkType: LinkType.ETHERNET, snaplen: 1500, name: 'eth0' })
    .block(BlockType.NRB, new Uint8Array([1, 0, 8, 0, 10, 0, 0, 1, 0x61, 0x00, 0, 0, 0, 0, 0, 0]))
    .idb({ linkType: LinkType.RAW, tsresol: 9 })
    .epb(0, 1_700_000_000_123_456n, eth)
    .epb(1, 1_700_000_001_987_654_321n, raw, 1000)
    .block(BlockType.ISB, new Uint8Array(20))
    .block(BlockType.CUSTOM, new Uint8Array([0, 0, 0x7e, 0xb3, 1, 2, 3]))
    .block(0x40000123, new Uint8Array(8))
    .spb(eth.subarray(0, 10))
    .pb(1, 5_000_000_000n, raw)
    .toBuffer();
}

for (const le of [true, false]) {
  test(`pcapng ${le ? 'little' : 'big'}-endian: two interfaces, EPB/SPB/PB, other blocks skipped`, (t) => {
    const file = sample(le);
    const { packets, parser } = read(file);
    t.is(parser.format, 'pcapng');
    t.deepEqual(parser.linkTypes, [LinkType.ETHERNET, LinkType.RAW]);
    t.is(parser.snaplen, 1500);
    t.true(parser.nanosecond);
    t.is(parser.bytesConsumed, file.length);
    t.deepEqual(
      packets.map((p) => [p.interfaceId, p.linkType, p.tsSec, p.tsNsec, p.origLen, p.data.length]),
      [
        [0, LinkType.ETHERNET, 1_700_000_000, 123_456_000, 60, 60],
        [1, LinkType.RAW, 1_700_000_001, 987_654_321, 1000, 41],
        [0, LinkType.ETHERNET, 0, 0, 10, 10],
        [1, LinkType.RAW, 5, 0, 41, 41],
      ],
    );
    t.deepEqual(Array.from(packets[0].data), Array.from(eth));
    t.deepEqual(Array.from(packets[1].data), Array.from(raw));
  });
}

test('pcapng: several sections in different byte orders number interfaces on', (t) => {
  const a = new PcapngBuilder(true).shb().idb({ linkType: LinkType.ETHERNET }).epb(0, 1_000_000n, eth).toBuffer();
  const b = new PcapngBuilder(false)
    .shb()
    .idb({ linkType: LinkType.LINUX_SLL })
    .idb({ linkType: LinkType.NULL })
    .epb(1, 2_000_000n, raw)
    .epb(0, 3_000_000n, eth)
    .toBuffer();
  const file = new Uint8Array([...a, ...b, ...a]);
  const { packets, parser } = read(file, 13);
  t.deepEqual(parser.linkTypes, [LinkType.ETHERNET, LinkType.LINUX_SLL, LinkType.NULL, LinkType.ETHERNET]);
  t.deepEqual(
    packets.map((p) => [p.interfaceId, p.linkType, p.tsSec]),
    [
      [0, LinkType.ETHERNET, 1],
      [2, LinkType.NULL, 2],
      [1, LinkType.LINUX_SLL, 3],
      [3, LinkType.ETHERNET, 1],
    ],
  );
});

test('pcapng if_tsresol powers of 10 and 2, and if_tsoffset', (t) => {
  const file = new PcapngBuilder()
    .shb()
    .idb({ linkType: 1, tsresol: 3 }) // ms
    .idb({ linkType: 1, tsresol: 0x80 | 10 }) // 1/1024 s
    .idb({ linkType: 1, tsresol: 0x80 | 40 }) // 2^-40 s (exact big-integer path)
    .idb({ linkType: 1, tsresol: 12, tsoffset: 1_000_000 }) // ps, with an offset in seconds
    .idb({ linkType: 1, tsresol: 9 })
    .epb(0, 1_700_000_000_250n, eth)
    .epb(1, 10n * 1024n + 512n, eth)
    .epb(2, (7n << 40n) + (1n << 39n), eth)
    .epb(3, 5_000_000_000_123n, eth)
    .epb(4, 0xffff_ffff_ffff_ffffn, eth)
    .toBuffer();
  const { packets, parser } = read(file);
  t.true(parser.nanosecond);
  t.deepEqual(
    packets.map((p) => [p.tsSec, p.tsNsec]),
    [
      [1_700_000_000, 250_000_000],
      [10, 500_000_000],
      [7, 500_000_000],
      [1_000_005, 0],
      [18_446_744_073, 709_551_615],
    ],
  );
});

test('pcapng interfaces without if_tsresol are microseconds', (t) => {
  const { packets, parser } = read(new PcapngBuilder().shb().idb({ linkType: 1 }).epb(0, 1_700_000_000_000_001n, eth).toBuffer());
  t.false(parser.nanosecond);
  t.deepEqual([packets[0].tsSec, packets[0].tsNsec], [1_700_000_000, 1000]);
});

function corrupt(t: import('ava').ExecutionContext, file: Uint8Array, offset: number, pattern: RegExp, delivered: number): void {
  for (const chunk of [file.length, 1, 7]) {
    const c = collector();
    const parser = new PcapParser(c.onPacket);
    const err = t.throws(
      () => {
        for (let o = 0; o < file.length; o += chunk) parser.push(file.subarray(o, o + chunk));
        parser.end();
      },
      { instanceOf: PcapFormatError },
    );
    t.is(err?.code, 'ERR_PCAP_CORRUPT');
    t.is(err?.offset, offset);
    t.regex(err?.message ?? '', pattern);
    t.is(c.packets.length, delivered);
  }
}

test('pcapng corrupt blocks → ERR_PCAP_CORRUPT with the block offset', (t) => {
  const head = new PcapngBuilder().shb().idb({ linkType: 1 }).epb(0, 1n, eth).toBuffer();
  const at = head.length;
  const withBlock = (patch: (v: DataView) => void, extra = new PcapngBuilder().shb().idb({ linkType: 1 }).epb(0, 2n, eth).toBuffer().subarray(28 + 20)): Uint8Array => {
    const f = new Uint8Array([...head, ...extra]);
    patch(new DataView(f.buffer));
    return f;
  };
  corrupt(t, withBlock((v) => v.setUint32(at + 4, 101, true)), at, /block length 101/, 1);
  corrupt(t, withBlock((v) => v.setUint32(at + 4, 8, true)), at, /block length 8/, 1);
  corrupt(t, withBlock((v) => v.setUint32(at + 4, 0x7ffffff0, true)), at, /block length/, 1);
  corrupt(t, withBlock((v) => v.setUint32(at + 20, 5000, true)), at, /5000 captured bytes/, 1);
  corrupt(t, withBlock((v) => v.setUint32(at + 8, 3, true)), at, /interface 3/, 1);
  const trailing = withBlock(() => undefined);
  new DataView(trailing.buffer).setUint32(trailing.length - 4, 64, true);
  corrupt(t, trailing, at, /trailing length/, 1);
  const bom = new PcapngBuilder().shb().toBuffer();
  new DataView(bom.buffer).setUint32(8, 0x11223344, true);
  corrupt(t, bom, 0, /byte-order magic/, 0);
  const noIdb = new PcapngBuilder().shb().spb(eth).toBuffer();
  corrupt(t, noIdb, 28, /before any interface/, 0);
});

test('pcapng cut mid-block → ERR_PCAP_TRUNCATED at the block start', (t) => {
  const file = sample(true);
  for (const cut of [5, 27, 40, 100, file.length - 1]) {
    const c = collector();
    const parser = new PcapParser(c.onPacket);
    parser.push(file.subarray(0, cut));
    const err = t.throws(() => parser.end(), { instanceOf: PcapFormatError });
    t.is(err?.code, 'ERR_PCAP_TRUNCATED');
    t.is(err?.offset, parser.bytesConsumed);
    t.true(err!.offset <= cut && err!.offset < file.length);
  }
  const whole = read(file).packets.length;
  const parser = new PcapParser(() => undefined);
  parser.push(file.subarray(0, file.length - 1));
  t.is(parser.packets, whole - 1);
});
