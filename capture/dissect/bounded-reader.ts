/**
 * Bounds-checked big-endian reader over a frame, shared by the binary dissectors (Kafka,
 * AMQP …). Nothing throws on malformed input: a read past the end marks the reader `bad`,
 * returns zero (or null for byte ranges) and pins the cursor at the end, so a parser keeps
 * what it decoded before and counts one anomaly.
 */
export class BoundedReader {
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

  u8(): number {
    return this.p < this.end ? this.b[this.p++] : this.corrupt();
  }

  i8(): number {
    return this.p < this.end ? (this.b[this.p++] << 24) >> 24 : this.corrupt();
  }

  u16(): number {
    if (this.p + 2 > this.end) return this.corrupt();
    const v = (this.b[this.p] << 8) | this.b[this.p + 1];
    this.p += 2;
    return v;
  }

  i16(): number {
    return (this.u16() << 16) >> 16;
  }

  i32(): number {
    if (this.p + 4 > this.end) return this.corrupt();
    const b = this.b;
    const p = this.p;
    this.p += 4;
    return (b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3];
  }

  u32(): number {
    return this.i32() >>> 0;
  }

  /** Signed 64-bit as a number (exact within ±2^53). */
  i64(): number {
    if (this.p + 8 > this.end) return this.corrupt();
    const hi = this.i32();
    return hi * 4294967296 + (this.i32() >>> 0);
  }

  /** Unsigned 64-bit as a number (exact below 2^53). */
  u64(): number {
    if (this.p + 8 > this.end) return this.corrupt();
    return this.u32() * 4294967296 + this.u32();
  }

  /** `n` bytes as a view, or null (and `bad`) when they are not there. */
  take(n: number): Uint8Array | null {
    if (n < 0 || n > this.left) return (this.corrupt(), null);
    const v = this.b.subarray(this.p, this.p + n);
    this.p += n;
    return v;
  }
}
