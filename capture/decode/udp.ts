/**
 * UDP header (RFC 768). The payload is bounded by the UDP length field; a length field
 * that is smaller than the header or larger than the IP payload is counted and the IP
 * payload length is used instead (as for jumbograms and GSO captures with length 0).
 */
import type { DecodedPacket } from './decoded-packet.ts';
import type { DecodeCursor } from './decode-cursor.ts';
import type { Weirds } from '../weird.ts';

const HEADER = 8;

/** Decode the datagram the cursor describes. False (weird counted) if it is malformed. */
export function decodeUdp(data: Uint8Array, cur: DecodeCursor, out: DecodedPacket, weirds: Weirds): boolean {
  const off = cur.offset;
  if (cur.wireLength < HEADER) {
    weirds.add('udp_short_datagram');
    return false;
  }
  if (cur.end - off < HEADER) {
    weirds.add('udp_truncated_header');
    return false;
  }
  out.srcPort = (data[off] << 8) | data[off + 1];
  out.dstPort = (data[off + 2] << 8) | data[off + 3];
  let len = (data[off + 4] << 8) | data[off + 5];
  if (len < HEADER || len > cur.wireLength) {
    if (len !== 0) weirds.add('udp_bad_length');
    len = cur.wireLength;
  }
  const start = off + HEADER;
  let end = off + len;
  if (end > cur.end) end = cur.end;
  if (start < end) out.payload = data.subarray(start, end);
  out.payloadWireLength = len - HEADER;
  return true;
}
