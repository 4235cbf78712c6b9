/**
 * RESP values as the reader builds them, and the byte → text/number helpers it uses:
 * scalars are strings, numbers, booleans and null; aggregates (arrays, maps, sets, pushes,
 * inline commands) are `RespAgg` with the elements kept so far.
 */

export type RespValue = string | number | boolean | null | RespAgg;

export class RespAgg {
  /** Type byte: '*' array, '%' map, '~' set, '>' push, 'i' inline command. */
  readonly t: string;
  /** Declared element count (a map of n pairs declares 2n). */
  readonly declared: number;
  readonly items: RespValue[] = [];
  remaining: number;
  constructor(t: string, declared: number) {
    this.t = t;
    this.declared = declared;
    this.remaining = declared;
  }
}

/** Decode b[s, e) as UTF-8 (ASCII fast path for short strings). */
export function textOf(b: Uint8Array, s: number, e: number): string {
  if (e - s <= 32) {
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

/** Parse a decimal integer in b[s, e); NaN when it is not one. */
export function intOf(b: Uint8Array, s: number, e: number): number {
  if (s >= e) return NaN;
  let neg = false;
  if (b[s] === 0x2d) {
    neg = true;
    s++;
    if (s >= e) return NaN;
  }
  let v = 0;
  for (let i = s; i < e; i++) {
    const d = b[i] - 0x30;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return neg ? -v : v;
}
