/**
 * BSD loopback headers: a 4-byte address family before the IP packet.
 * LINKTYPE_NULL stores it in the *capturing host's* byte order, which the file does not
 * record, so a value that only makes sense byte-swapped is read the other way round.
 * LINKTYPE_LOOP (OpenBSD) stores it in network byte order.
 * AF_INET is 2 everywhere; AF_INET6 is 24 (NetBSD, OpenBSD), 28 (FreeBSD) or 30 (Darwin).
 */
import type { DecodeCursor } from './decode-cursor.ts';
import type { Weirds } from '../weird.ts';
import { EtherType } from './decode-cursor.ts';

const NULL_HEADER = 4;

/**
 * Decode the family at cur.offset; `cur.next` becomes the matching EtherType (0 for any
 * other family). False (weird counted) if the header is cut short.
 */
export function decodeNullLoop(data: Uint8Array, cur: DecodeCursor, weirds: Weirds, networkOrder: boolean): boolean {
  const off = cur.offset;
  if (cur.end - off < NULL_HEADER) {
    weirds.add('null_truncated_header');
    return false;
  }
  const be = ((data[off] << 24) | (data[off + 1] << 16) | (data[off + 2] << 8) | data[off + 3]) >>> 0;
  const le = ((data[off + 3] << 24) | (data[off + 2] << 16) | (data[off + 1] << 8) | data[off]) >>> 0;
  const family = networkOrder || le > 0xffff ? be : le;
  cur.offset = off + NULL_HEADER;
  cur.wireLength -= NULL_HEADER;
  cur.next = familyToEtherType(family);
  return true;
}

function familyToEtherType(family: number): number {
  switch (family) {
    case 2:
      return EtherType.IPV4;
    case 24:
    case 28:
    case 30:
      return EtherType.IPV6;
    default:
      return 0;
  }
}
