/**
 * A small HPACK encoder (RFC 7541) for synthesized traffic and tests: exact matches in the
 * static or dynamic table become indexed fields; everything else is a literal with
 * incremental indexing (name indexed when the name is known), so repeated headers across
 * blocks exercise the decoder's dynamic table the way real peers do. Strings are
 * Huffman-coded when `huffman` is on and that is shorter. Names must be lower case.
 */
import { huffmanEncode } from './hpack-huffman.ts';
import { STATIC_COUNT, STATIC_TABLE } from './hpack-static.ts';

export interface HpackEncoderOptions {
  /** Dynamic table size (default 4096). */
  tableSize?: number;
  /** Huffman-code string literals when shorter (default true). */
  huffman?: boolean;
}

const STATIC_EXACT = new Map<string, number>();
const STATIC_NAME = new Map<string, number>();
for (let i = STATIC_COUNT; i >= 1; i--) {
  const [n, v] = STATIC_TABLE[i];
  STATIC_EXACT.set(n + '\0' + v, i);
  STATIC_NAME.set(n, i);
}

export class HpackEncoder {
  private readonly tableSize: number;
  private readonly huffman: boolean;
  /** Dynamic entries, newest first. */
  private table: [string, string][] = [];
  private size = 0;
  private out: number[] = [];

  constructor(o: HpackEncoderOptions = {}) {
    this.tableSize = o.tableSize ?? 4096;
    this.huffman = o.huffman ?? true;
  }

  /** Encode one header block from [name, value] pairs. */
  encode(headers: readonly (readonly [string, string])[]): Uint8Array {
    this.out = [];
    for (const [name, value] of headers) {
      const exact = this.findExact(name, value);
      if (exact > 0) {
        this.int(exact, 7, 0x80);
        continue;
      }
      const ni = this.findName(name);
      this.int(ni, 6, 0x40);
      if (ni === 0) this.str(name);
      this.str(value);
      this.insert(name, value);
    }
    return Uint8Array.from(this.out);
  }

  /** A dynamic table size update (§6.3) as its own block prefix. */
  sizeUpdate(size: number): Uint8Array {
    this.out = [];
    this.int(size, 5, 0x20);
    return Uint8Array.from(this.out);
  }

  private findExact(name: string, value: string): number {
    const s = STATIC_EXACT.get(name + '\0' + value);
    if (s !== undefined) return s;
    for (let i = 0; i < this.table.length; i++) if (this.table[i][0] === name && this.table[i][1] === value) return STATIC_COUNT + 1 + i;
    return 0;
  }

  private findName(name: string): number {
    const s = STATIC_NAME.get(name);
    if (s !== undefined) return s;
    for (let i = 0; i < this.table.length; i++) if (this.table[i][0] === name) return STATIC_COUNT + 1 + i;
    return 0;
  }

  private insert(name: string, value: string): void {
    const sz = name.length + value.length + 32;
    this.table.unshift([name, value]);
    this.size += sz;
    while (this.size > this.tableSize && this.table.length > 0) {
      const [n, v] = this.table.pop()!;
      this.size -= n.length + v.length + 32;
    }
  }

  private int(v: number, n: number, flags: number): void {
    const max = (1 << n) - 1;
    if (v < max) {
      this.out.push(flags | v);
      return;
    }
    this.out.push(flags | max);
    v -= max;
    while (v >= 128) {
      this.out.push((v & 127) | 128);
      v = Math.floor(v / 128);
    }
    this.out.push(v);
  }

  private str(s: string): void {
    const h = this.huffman ? huffmanEncode(s) : null;
    if (h && h.length < s.length) {
      this.int(h.length, 7, 0x80);
      for (const x of h) this.out.push(x);
      return;
    }
    this.int(s.length, 7, 0);
    for (let i = 0; i < s.length; i++) this.out.push(s.charCodeAt(i) & 255);
  }
}
