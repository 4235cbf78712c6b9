/**
 * `detect()` for DNS: a plausible header — opcode in use, qdcount ≤ 16, no RCODE in a
 * query, the section counts fit the length (a question takes ≥ 5 bytes, a record ≥ 11)
 * — and question names that walk cleanly. A complete message whose questions all parse,
 * travelling in the direction its QR bit says, scores 1; a direction mismatch 0.6. Over
 * TCP the 2-byte length prefix must be plausible too.
 */
import { skipName } from './dns-name.ts';
import { isKnownOpcode } from './dns-tables.ts';

const MAX_QUESTIONS = 16;

/** Score the message at b[off, off+len) of which b[off, avail) is present. */
function scoreMessage(b: Uint8Array, off: number, len: number, avail: number, dir: 0 | 1): number {
  if (len < 12) return 0;
  if (avail - off < 12) return 0.2;
  const flags = (b[off + 2] << 8) | b[off + 3];
  const qr = flags >> 15;
  const opcode = (flags >> 11) & 0x0f;
  if (!isKnownOpcode(opcode)) return 0;
  const qd = (b[off + 4] << 8) | b[off + 5];
  const rr = ((b[off + 6] << 8) | b[off + 7]) + ((b[off + 8] << 8) | b[off + 9]) + ((b[off + 10] << 8) | b[off + 11]);
  if (qd > MAX_QUESTIONS || qd + rr === 0) return 0;
  if (12 + qd * 5 + rr * 11 > len) return 0;
  if (qr === 0 && (flags & 0x0f) !== 0) return 0;
  let p = off + 12;
  const end = Math.min(off + len, avail);
  let parsed = 0;
  for (; parsed < qd; parsed++) {
    if (p >= end) break;
    const q = skipName(b, p, end);
    if (q < 0 || q + 4 > end) return end < off + len ? 0.3 : 0;
    const qclass = ((b[q + 2] << 8) | b[q + 3]) & 0x7fff;
    if (qclass !== 1 && qclass !== 3 && qclass !== 4 && qclass !== 254 && qclass !== 255) return 0;
    p = q + 4;
  }
  if ((qr === 0) !== (dir === 0)) return 0.6;
  // Certain only with every question read from a complete message.
  return parsed === qd && qd > 0 && end === off + len ? 1 : 0.9;
}

export function detectDnsUdp(b: Uint8Array, dir: 0 | 1): number {
  return scoreMessage(b, 0, b.length, b.length, dir);
}

export function detectDnsTcp(b: Uint8Array, dir: 0 | 1): number {
  if (b.length < 2) return 0.1;
  const len = (b[0] << 8) | b[1];
  // The first message of a DNS-over-TCP flow carries a question (a query, or the first
  // answer of a zone transfer). Without one, a length prefix and a header are too easy to
  // match by accident: a PostgreSQL server's first message ('R', length 8 …) did.
  if (b.length >= 8 && ((b[6] << 8) | b[7]) === 0) return 0;
  return scoreMessage(b, 2, len, b.length, dir);
}
