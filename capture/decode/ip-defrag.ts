/**
 * IPv4 and IPv6 fragment reassembly, keyed by (version, source, destination,
 * identification, protocol).
 *
 * Lifecycle of a datagram:
 *  1. Its first fragment to arrive (any offset) opens an entry stamped with the packet time.
 *  2. Each fragment's bytes are copied into the entry's buffer; byte ranges already held
 *     are kept ("first data wins") and the overlap is counted (`ip_fragment_overlap`).
 *  3. The fragment without the more-fragments flag fixes the total length; once the held
 *     ranges cover [0, total) the entry is removed and `add` returns 'ok' with `datagram`
 *     viewing the reassembled fragmentable part (owned by the caller from then on).
 *  4. Entries older than `timeoutMs` of packet time are dropped (`ip_fragment_timeout`);
 *     opening one beyond `maxDatagrams` drops the oldest (`ip_fragment_evicted`).
 * Fragments that cannot be reassembled are dropped and counted: cut by the snaplen
 * (`ip_fragment_truncated`), a non-final fragment not a multiple of 8 bytes
 * (`ip_fragment_bad_length`), a datagram over 65535 bytes (`ip_fragment_too_large`), or
 * fragments disagreeing on the end (`ip_fragment_inconsistent`, the entry is dropped too).
 */
import type { DecodedPacket } from './decoded-packet.ts';
import type { DecodeCursor } from './decode-cursor.ts';
import type { Weirds } from '../weird.ts';

export interface IpDefragOptions {
  /** Datagrams reassembled at the same time; opening one more evicts the oldest. Default 1024. */
  maxDatagrams?: number;
  /** Packet-time milliseconds after its first fragment before a datagram is given up. Default 30000. */
  timeoutMs?: number;
}

interface Pending {
  firstMs: number;
  buf: Uint8Array;
  /** Held byte ranges as sorted, merged [start, end, start, end ...]. */
  ranges: number[];
  /** Length of the fragmentable part once the last fragment was seen, else -1. */
  total: number;
}

const MAX_DATAGRAM = 65535;

export class IpDefrag {
  /** After `add` returned 'ok': the reassembled fragmentable part. */
  datagram: Uint8Array = new Uint8Array(0);
  private readonly pending = new Map<string, Pending>();
  private readonly maxDatagrams: number;
  private readonly timeoutMs: number;

  constructor(
    private readonly weirds: Weirds,
    opts: IpDefragOptions = {},
  ) {
    this.maxDatagrams = opts.maxDatagrams ?? 1024;
    this.timeoutMs = opts.timeoutMs ?? 30_000;
    if (!Number.isInteger(this.maxDatagrams) || this.maxDatagrams < 1) {
      throw new RangeError(`IpDefrag: maxDatagrams must be a positive integer, got ${opts.maxDatagrams}`);
    }
    if (!(this.timeoutMs > 0)) throw new RangeError(`IpDefrag: timeoutMs must be > 0, got ${opts.timeoutMs}`);
  }

  /** Datagrams currently being reassembled. */
  get inProgress(): number {
    return this.pending.size;
  }

  /**
   * Take the fragment the decoder just read: `out` holds its addresses and protocol, `cur`
   * its id, offset, flag and data span in `data`. Returns 'ok' when this completed a
   * datagram (see `datagram`), 'fragment' when it is held, 'error' when it was dropped.
   */
  add(out: DecodedPacket, cur: DecodeCursor, data: Uint8Array, nowMs: number): 'ok' | 'fragment' | 'error' {
    this.expire(nowMs);
    const len = cur.end - cur.offset;
    if (len < cur.wireLength) return this.reject('ip_fragment_truncated');
    const start = cur.fragOffset;
    const end = start + len;
    if (cur.fragMore && (len === 0 || (len & 7) !== 0)) return this.reject('ip_fragment_bad_length');
    const key = out.ipVersion + '|' + out.srcIp + '|' + out.dstIp + '|' + cur.fragId + '|' + out.ipProto;
    if (cur.fragHeaderLength + end > MAX_DATAGRAM) {
      this.pending.delete(key);
      return this.reject('ip_fragment_too_large');
    }
    let d = this.pending.get(key);
    if (!d) {
      if (this.pending.size >= this.maxDatagrams) this.evictOldest();
      d = { firstMs: nowMs, buf: new Uint8Array(Math.max(end, 2048)), ranges: [], total: -1 };
      this.pending.set(key, d);
    }
    const heldEnd = d.ranges.length ? d.ranges[d.ranges.length - 1] : 0;
    if (cur.fragMore ? d.total >= 0 && end > d.total : (d.total >= 0 && d.total !== end) || heldEnd > end) {
      this.pending.delete(key);
      return this.reject('ip_fragment_inconsistent');
    }
    if (!cur.fragMore) d.total = end;
    if (d.buf.length < end) {
      const grown = new Uint8Array(Math.min(MAX_DATAGRAM, Math.max(end, d.buf.length * 2)));
      grown.set(d.buf.subarray(0, heldEnd));
      d.buf = grown;
    }
    if (copyUncovered(d, data, cur.offset, start, end)) this.weirds.add('ip_fragment_overlap');
    if (d.total >= 0 && d.ranges.length === 2 && d.ranges[0] === 0 && d.ranges[1] === d.total) {
      this.pending.delete(key);
      this.datagram = d.buf.subarray(0, d.total);
      return 'ok';
    }
    return 'fragment';
  }

  /** Drop datagrams whose first fragment is more than `timeoutMs` older than `nowMs`. */
  expire(nowMs: number): void {
    for (const [key, d] of this.pending) {
      if (nowMs - d.firstMs <= this.timeoutMs) return;
      this.pending.delete(key);
      this.weirds.add('ip_fragment_timeout');
    }
  }

  /** End of capture: drop what is still incomplete, counted as `ip_fragment_incomplete`. */
  clear(): void {
    if (this.pending.size) this.weirds.add('ip_fragment_incomplete', this.pending.size);
    this.pending.clear();
  }

  private evictOldest(): void {
    for (const key of this.pending.keys()) {
      this.pending.delete(key);
      this.weirds.add('ip_fragment_evicted');
      return;
    }
  }

  private reject(weird: string): 'error' {
    this.weirds.add(weird);
    return 'error';
  }
}

/**
 * Copy data[src + (x - start)] for every x in [start, end) not yet held, then merge
 * [start, end) into the held ranges. Returns true if any byte was already held.
 */
function copyUncovered(d: Pending, data: Uint8Array, src: number, start: number, end: number): boolean {
  const r = d.ranges;
  let pos = start;
  let overlap = false;
  for (let i = 0; i < r.length && pos < end; i += 2) {
    const rs = r[i];
    const re = r[i + 1];
    if (re <= pos) continue;
    if (rs >= end) break;
    if (rs > pos) d.buf.set(data.subarray(src + pos - start, src + rs - start), pos);
    overlap = true;
    pos = re;
  }
  if (pos < end) d.buf.set(data.subarray(src + pos - start, src + end - start), pos);
  const merged: number[] = [];
  let s = start;
  let e = end;
  let placed = false;
  for (let i = 0; i < r.length; i += 2) {
    if (r[i + 1] < s) merged.push(r[i], r[i + 1]);
    else if (r[i] > e) {
      if (!placed) merged.push(s, e);
      placed = true;
      merged.push(r[i], r[i + 1]);
    } else {
      s = Math.min(s, r[i]);
      e = Math.max(e, r[i + 1]);
    }
  }
  if (!placed) merged.push(s, e);
  d.ranges = merged;
  return overlap;
}
