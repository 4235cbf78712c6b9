/**
 * HPACK decoder (RFC 7541) for one direction of an HTTP/2 connection: integers with
 * N-bit prefixes, string literals (raw or Huffman), indexed fields, literals with and
 * without incremental indexing, never-indexed literals and dynamic table size updates,
 * with the dynamic table kept across header blocks (eviction by the 32-octet entry
 * overhead). Strings are latin1 (one char per octet), as HTTP/1 headers are.
 *
 * Malformed input never throws: `decode` returns null and counts one anomaly
 * (`hpack_bad_index`, `hpack_bad_integer`, `hpack_truncated`, `hpack_bad_huffman`,
 * `hpack_bad_table_size`); an update that is not at the start of a block is accepted and
 * counted (`hpack_late_size_update`). A block whose decoded list exceeds `maxListBytes`
 * keeps updating the table (so later blocks stay in sync) but stops growing the output
 * (`hpack_header_list_too_large`).
 */
import { huffmanDecode } from './hpack-huffman.ts';
import { STATIC_COUNT, STATIC_TABLE } from './hpack-static.ts';

export interface HpackOptions {
  /** Largest dynamic table size an encoder may choose (SETTINGS_HEADER_TABLE_SIZE). Default 4096. */
  maxTableSize?: number;
  /** Decoded header list bytes kept per block. Default 256 KiB. */
  maxListBytes?: number;
}

const ENTRY_OVERHEAD = 32;

/** Octets b[s, e) as a latin1 string (no Buffer object for short strings). */
export function latin1(b: Uint8Array, s: number, e: number): string {
  if (e - s > 64) return Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('latin1');
  return String.fromCharCode.apply(null, b.subarray(s, e) as unknown as number[]);
}

export class HpackDecoder {
  /** Current dynamic table size limit chosen by the encoder. */
  limit: number;
  /** Upper bound for `limit` (the decoder's advertised setting). */
  maxTableSize: number;
  /** Current dynamic table size, octets including overheads. */
  size = 0;
  private readonly maxListBytes: number;
  private readonly weird: (name: string) => void;
  // Ring buffer of dynamic entries; the newest is at (start + count - 1) & mask.
  private names: string[] = new Array(16);
  private values: string[] = new Array(16);
  private start = 0;
  private count = 0;
  private pos = 0;
  private error = '';
  /** Result of the last `lookup`. */
  private lname = '';
  private lvalue = '';

  constructor(weird: (name: string) => void, o: HpackOptions = {}) {
    this.weird = weird;
    this.maxTableSize = o.maxTableSize ?? 4096;
    this.limit = this.maxTableSize;
    this.maxListBytes = o.maxListBytes ?? 256 * 1024;
  }

  /** Entries in the dynamic table. */
  get length(): number {
    return this.count;
  }

  /** Dynamic entry `i` (1 = newest) as [name, value], for tests and debugging. */
  entry(i: number): [string, string] | undefined {
    if (i < 1 || i > this.count) return undefined;
    const at = (this.start + this.count - i) & (this.names.length - 1);
    return [this.names[at], this.values[at]];
  }

  /**
   * Decode the header block b[start, end) into a flat list [name0, value0, name1, ...].
   * Returns null (one anomaly counted) when the block is malformed.
   */
  decode(b: Uint8Array, start: number, end: number): string[] | null {
    const out: string[] = [];
    let listBytes = 0;
    let over = false;
    let fields = 0;
    this.pos = start;
    this.error = '';
    while (this.pos < end) {
      const c = b[this.pos];
      let name: string | null;
      let value: string | null;
      if (c & 0x80) {
        const idx = this.int(b, end, 7);
        if (idx < 0) return this.fail();
        if (!this.lookup(idx)) return this.fail('hpack_bad_index');
        name = this.lname;
        value = this.lvalue;
      } else if ((c & 0xe0) === 0x20) {
        const size = this.int(b, end, 5);
        if (size < 0) return this.fail();
        if (size > this.maxTableSize) return this.fail('hpack_bad_table_size');
        if (fields > 0) this.weird('hpack_late_size_update');
        this.limit = size;
        this.evict(0);
        continue;
      } else {
        const indexing = (c & 0xc0) === 0x40;
        const idx = this.int(b, end, indexing ? 6 : 4);
        if (idx < 0) return this.fail();
        if (idx === 0) name = this.str(b, end);
        else name = this.lookup(idx) ? this.lname : null;
        if (name === null) return this.fail(this.error || 'hpack_bad_index');
        value = this.str(b, end);
        if (value === null) return this.fail();
        if (indexing) this.insert(name, value);
      }
      fields++;
      if (over) continue;
      listBytes += name.length + value.length + ENTRY_OVERHEAD;
      if (listBytes > this.maxListBytes) {
        over = true;
        this.weird('hpack_header_list_too_large');
        continue;
      }
      out.push(name, value);
    }
    return out;
  }

  // ── primitives ──

  private fail(name?: string): null {
    this.weird(name ?? (this.error || 'hpack_truncated'));
    return null;
  }

  /** Integer with an N-bit prefix at `pos` (RFC 7541 §5.1); -1 on error. */
  private int(b: Uint8Array, end: number, n: number): number {
    if (this.pos >= end) {
      this.error = 'hpack_truncated';
      return -1;
    }
    const max = (1 << n) - 1;
    let v = b[this.pos++] & max;
    if (v < max) return v;
    let m = 0;
    for (;;) {
      if (this.pos >= end) {
        this.error = 'hpack_truncated';
        return -1;
      }
      const x = b[this.pos++];
      v += (x & 0x7f) * 2 ** m;
      m += 7;
      if (v > 0x7fffffff) {
        this.error = 'hpack_bad_integer';
        return -1;
      }
      if ((x & 0x80) === 0) return v;
    }
  }

  /** String literal at `pos` (§5.2); null on error. */
  private str(b: Uint8Array, end: number): string | null {
    if (this.pos >= end) {
      this.error = 'hpack_truncated';
      return null;
    }
    const huff = (b[this.pos] & 0x80) !== 0;
    const len = this.int(b, end, 7);
    if (len < 0) return null;
    if (this.pos + len > end) {
      this.error = 'hpack_truncated';
      return null;
    }
    const s = this.pos;
    this.pos += len;
    if (!huff) return latin1(b, s, s + len);
    const d = huffmanDecode(b, s, s + len);
    if (d === null) this.error = 'hpack_bad_huffman';
    return d;
  }

  /** Sets lname/lvalue to entry `idx` of the combined index space; false if out of range. */
  private lookup(idx: number): boolean {
    if (idx >= 1 && idx <= STATIC_COUNT) {
      const e = STATIC_TABLE[idx];
      this.lname = e[0];
      this.lvalue = e[1];
      return true;
    }
    const d = idx - STATIC_COUNT;
    if (d < 1 || d > this.count) return false;
    const at = (this.start + this.count - d) & (this.names.length - 1);
    this.lname = this.names[at];
    this.lvalue = this.values[at];
    return true;
  }

  private insert(name: string, value: string): void {
    const sz = name.length + value.length + ENTRY_OVERHEAD;
    this.evict(sz);
    // An entry larger than the whole table leaves it empty (§4.4).
    if (sz > this.limit) return;
    if (this.count === this.names.length) this.grow();
    const at = (this.start + this.count) & (this.names.length - 1);
    this.names[at] = name;
    this.values[at] = value;
    this.count++;
    this.size += sz;
  }

  /** Evict oldest entries until `room` more octets fit under the limit. */
  private evict(room: number): void {
    const mask = this.names.length - 1;
    while (this.count > 0 && this.size + room > this.limit) {
      const at = this.start;
      this.size -= this.names[at].length + this.values[at].length + ENTRY_OVERHEAD;
      this.names[at] = '';
      this.values[at] = '';
      this.start = (at + 1) & mask;
      this.count--;
    }
  }

  private grow(): void {
    const n = this.names.length;
    const names = new Array<string>(n * 2);
    const values = new Array<string>(n * 2);
    for (let i = 0; i < this.count; i++) {
      names[i] = this.names[(this.start + i) & (n - 1)];
      values[i] = this.values[(this.start + i) & (n - 1)];
    }
    this.names = names;
    this.values = values;
    this.start = 0;
  }
}
