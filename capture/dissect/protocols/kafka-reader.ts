/**
 * Bounds-checked reader over one Kafka frame. Nothing throws on malformed input: a read
 * past the end (or an absurd length) marks the reader `bad`, returns zeros and pins the
 * cursor at the end, so callers keep what was decoded before and count one anomaly.
 */

import { BoundedReader } from '../bounded-reader.ts';

const HEX = '0123456789abcdef';

/** UTF-8 text of b[s, e); short ASCII strings are built without a Buffer. */
export function utf8(b: Uint8Array, s: number, e: number): string {
  if (e - s <= 48) {
    let out = '';
    for (let i = s; i < e; i++) {
      const c = b[i];
      if (c >= 0x80) return Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('utf8');
      out += String.fromCharCode(c);
    }
    return out;
  }
  return Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('utf8');
}

export class KReader extends BoundedReader {
  uvarint(): number {
    let v = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.p >= this.end) return this.corrupt();
      const c = this.b[this.p++];
      v += (c & 0x7f) * mul;
      if ((c & 0x80) === 0) return v;
      mul *= 128;
    }
    return this.corrupt();
  }

  /** Zig-zag signed varint/varlong. */
  varint(): number {
    const u = this.uvarint();
    return u % 2 === 0 ? u / 2 : -(u + 1) / 2;
  }

  /** Length of a string/bytes/array: compact (uvarint − 1) or classic (int16/int32). */
  len(compact: boolean, wide: boolean): number {
    return compact ? this.uvarint() - 1 : wide ? this.i32() : this.i16();
  }

  str(compact: boolean): string | null {
    const n = this.len(compact, false);
    if (n < 0) return null;
    if (n > this.left) return (this.corrupt(), '');
    const s = this.p;
    this.p += n;
    return utf8(this.b, s, this.p);
  }

  /** A bytes field as a view (valid while the frame is), or null. */
  bytes(compact: boolean): Uint8Array | null {
    const n = this.len(compact, true);
    if (n < 0) return null;
    if (n > this.left) return (this.corrupt(), null);
    const v = this.b.subarray(this.p, this.p + n);
    this.p += n;
    return v;
  }

  uuid(): string {
    if (this.p + 16 > this.end) return (this.corrupt(), '');
    let s = '';
    for (let i = 0; i < 16; i++) {
      const c = this.b[this.p + i];
      s += HEX[c >> 4] + HEX[c & 15];
      if (i === 3 || i === 5 || i === 7 || i === 9) s += '-';
    }
    this.p += 16;
    return s;
  }

  /** Skip a tagged-field section (flexible versions). */
  skipTagged(): void {
    const n = this.uvarint();
    for (let i = 0; i < n && !this.bad; i++) {
      this.uvarint();
      const size = this.uvarint();
      if (size > this.left) return void this.corrupt();
      this.p += size;
    }
  }
}
