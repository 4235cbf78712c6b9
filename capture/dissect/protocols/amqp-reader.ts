/**
 * Bounds-checked reader for AMQP 0-9-1 frame payloads: integers, short/long strings and
 * field tables/arrays (with RabbitMQ's field-type letters: t b B s u I i l f d D S A T F V
 * x, plus the spec's U L). It never throws: reading past the end or an unknown field type
 * sets `bad`, returns a zero value and pins the cursor at the end.
 *
 * Field values as JSON: numbers, booleans, strings, nested objects (tables) and arrays;
 * timestamps as seconds since the epoch; decimals as numbers; byte arrays as base64;
 * void as null. Tables nest at most MAX_DEPTH deep.
 */

import { BoundedReader } from '../bounded-reader.ts';

const MAX_DEPTH = 16;

export class AReader extends BoundedReader {
  shortstr(): string {
    const v = this.take(this.u8());
    return v === null ? '' : Buffer.from(v.buffer, v.byteOffset, v.length).toString('utf8');
  }

  longstr(): string {
    const v = this.take(this.u32());
    return v === null ? '' : Buffer.from(v.buffer, v.byteOffset, v.length).toString('utf8');
  }

  table(depth = 0): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const size = this.u32();
    if (size > this.left) return (this.corrupt(), out);
    const end = this.p + size;
    const outer = this.end;
    this.end = end;
    while (this.p < end && !this.bad) {
      const name = this.shortstr();
      out[name] = this.value(depth + 1);
    }
    const ok = !this.bad;
    this.end = outer;
    if (ok) this.p = end;
    else this.corrupt();
    return out;
  }

  private array(depth: number): unknown[] {
    const out: unknown[] = [];
    const size = this.u32();
    if (size > this.left) return (this.corrupt(), out);
    const end = this.p + size;
    const outer = this.end;
    this.end = end;
    while (this.p < end && !this.bad) out.push(this.value(depth + 1));
    const ok = !this.bad;
    this.end = outer;
    if (ok) this.p = end;
    else this.corrupt();
    return out;
  }

  value(depth: number): unknown {
    if (depth > MAX_DEPTH) return this.corrupt();
    const t = this.u8();
    switch (t) {
      case 0x74: // t
        return this.u8() !== 0;
      case 0x62: // b
        return (this.u8() << 24) >> 24;
      case 0x42: // B
        return this.u8();
      case 0x73: // s (RabbitMQ) / U (spec): signed 16
      case 0x55:
        return (this.u16() << 16) >> 16;
      case 0x75: // u
        return this.u16();
      case 0x49: // I
        return this.u32() | 0;
      case 0x69: // i
        return this.u32();
      case 0x6c: // l
        return this.i64();
      case 0x4c: // L
        return this.u64();
      case 0x66: {
        // f
        const v = this.take(4);
        return v === null ? 0 : new DataView(v.buffer, v.byteOffset, 4).getFloat32(0);
      }
      case 0x64: {
        // d
        const v = this.take(8);
        return v === null ? 0 : new DataView(v.buffer, v.byteOffset, 8).getFloat64(0);
      }
      case 0x44: {
        // D: scale, then a signed 32-bit value
        const scale = this.u8();
        return (this.u32() | 0) / 10 ** scale;
      }
      case 0x53: // S
        return this.longstr();
      case 0x41: // A
        return this.array(depth);
      case 0x54: // T
        return this.u64();
      case 0x46: // F
        return this.table(depth);
      case 0x56: // V
        return null;
      case 0x78: {
        // x
        const v = this.take(this.u32());
        return v === null ? '' : Buffer.from(v.buffer, v.byteOffset, v.length).toString('base64');
      }
      default:
        return this.corrupt();
    }
  }
}
