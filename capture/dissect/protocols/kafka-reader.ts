/**
 * Bounds-checked reader over one Kafka frame. Nothing throws on malformed input: a read
 * past the end (or an absurd length) marks the reader `bad`, returns zeros and pins the
 * cursor at the end, so callers keep what was decoded before and count one anomaly.
 */

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

export class KReader {
  b: Uint8Array;
  p: number;
  end: number;
  bad = false;

  constructor(b: Uint8Array, p = 0, end = b.length) {
    this.b = b;
    this.p = p;
    this.end = end;
  }

  get left(): number {
    return this.end - this.p;
  }

  /** Mark the frame corrupt: further reads return zeros. */
  corrupt(): number {
    this.bad = true;
    this.p = this.end;
    return 0;
  }

  i8(): number {
    if (this.p + 1 > this.end) return this.corrupt();
    return (this.b[this.p++] << 24) >> 24;
  }

  i16(): number {
    if (this.p + 2 > this.end) return this.corrupt();
    const b = this.b;
    const v = (b[this.p] << 8) | b[this.p + 1];
    this.p += 2;
    return (v << 16) >> 16;
  }

  i32(): number {
    if (this.p + 4 > this.end) return this.corrupt();
    const b = this.b;
    const p = this.p;
    this.p += 4;
    return (b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3];
  }

  i64(): number {
    if (this.p + 8 > this.end) return this.corrupt();
    const hi = this.i32();
    const lo = this.i32() >>> 0;
    return hi * 4294967296 + lo;
  }

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
