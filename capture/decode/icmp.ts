/**
 * ICMP (RFC 792) and ICMPv6 (RFC 4443): type and code, and as payload the body after the
 * 8-byte header (type, code, checksum, 4 type-specific bytes) — for errors that body is the
 * original packet, which a later dissector can decode to find the flow it belongs to.
 * A message shorter than 8 bytes on the wire is malformed (`icmp_short_message`).
 */
import type { DecodedPacket } from './decoded-packet.ts';
import type { DecodeCursor } from './decode-cursor.ts';
import type { Weirds } from '../weird.ts';

const HEADER = 8;

/** Decode the message the cursor describes. False (weird counted) if it is malformed. */
export function decodeIcmp(data: Uint8Array, cur: DecodeCursor, out: DecodedPacket, weirds: Weirds): boolean {
  const off = cur.offset;
  if (cur.end - off >= 2) {
    out.icmpType = data[off];
    out.icmpCode = data[off + 1];
  }
  if (cur.wireLength < HEADER) {
    weirds.add('icmp_short_message');
    return false;
  }
  if (cur.end - off < 2) {
    weirds.add('icmp_truncated_header');
    return false;
  }
  const start = off + HEADER;
  if (start < cur.end) out.payload = data.subarray(start, cur.end);
  out.payloadWireLength = cur.wireLength - HEADER;
  return true;
}
