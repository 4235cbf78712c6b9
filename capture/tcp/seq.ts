/**
 * TCP sequence-number arithmetic modulo 2^32 (RFC 793 §3.3, RFC 1982 serial numbers).
 * Every comparison goes through the signed 32-bit difference, so values are only
 * comparable when they lie within 2^31 of each other — true for any two sequence numbers
 * of one live window. Values are always unsigned 32-bit integers (0 .. 2^32-1).
 */

/** `a - b` as a signed 32-bit integer: > 0 when `a` is after `b`. */
export function seqDiff(a: number, b: number): number {
  return (a - b) | 0;
}

/** `a + n` wrapped to unsigned 32 bits. */
export function seqAdd(a: number, n: number): number {
  return (a + n) >>> 0;
}

/** `a` comes strictly before `b`. */
export function seqLt(a: number, b: number): boolean {
  return ((a - b) | 0) < 0;
}

/** `a` comes before or is `b`. */
export function seqLte(a: number, b: number): boolean {
  return ((a - b) | 0) <= 0;
}

/** `a` comes strictly after `b`. */
export function seqGt(a: number, b: number): boolean {
  return ((a - b) | 0) > 0;
}

/** The later of two sequence numbers. */
export function seqMax(a: number, b: number): number {
  return ((a - b) | 0) >= 0 ? a : b;
}
