/**
 * TCP option encoding and flag letters for the packet builders.
 */

export interface TcpOptionsSpec {
  /** Maximum segment size (kind 2). */
  mss?: number;
  /** Window scale shift (kind 3). */
  windowScale?: number;
  /** SACK permitted (kind 4). */
  sackPermitted?: boolean;
  /** SACK blocks as [left, right, left, right ...] (kind 5, at most 4 blocks). */
  sack?: number[];
  /** Timestamp value and echo reply (kind 8). */
  timestamp?: [number, number];
}

/** Encode options in the order Linux sends them, NOP-padded to a multiple of 4 bytes. */
export function encodeTcpOptions(o: TcpOptionsSpec): Uint8Array {
  const b: number[] = [];
  const u16 = (v: number): number[] => [(v >>> 8) & 0xff, v & 0xff];
  const u32 = (v: number): number[] => [(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff];
  if (o.mss !== undefined) b.push(2, 4, ...u16(o.mss));
  if (o.sackPermitted) b.push(4, 2);
  if (o.timestamp) b.push(8, 10, ...u32(o.timestamp[0]), ...u32(o.timestamp[1]));
  if (o.windowScale !== undefined) b.push(1, 3, 3, o.windowScale);
  if (o.sack && o.sack.length) {
    if (o.sack.length % 2 !== 0 || o.sack.length > 8) throw new RangeError('packet builder: sack needs 1–4 [left, right] pairs');
    b.push(1, 1, 5, 2 + 4 * o.sack.length);
    for (const edge of o.sack) b.push(...u32(edge >>> 0));
  }
  while (b.length % 4 !== 0) b.push(1);
  if (b.length > 40) throw new RangeError(`packet builder: TCP options need ${b.length} bytes, at most 40 fit`);
  return new Uint8Array(b);
}

const FLAG_BITS: Record<string, number> = { F: 0x01, S: 0x02, R: 0x04, P: 0x08, A: 0x10, U: 0x20, E: 0x40, C: 0x80 };

/** 'SA' → 0x12. Throws on an unknown letter. */
export function parseTcpFlags(letters: string): number {
  let f = 0;
  for (const ch of letters.toUpperCase()) {
    const bit = FLAG_BITS[ch];
    if (bit === undefined) throw new TypeError(`packet builder: unknown TCP flag letter ${JSON.stringify(ch)} in ${JSON.stringify(letters)}`);
    f |= bit;
  }
  return f;
}
