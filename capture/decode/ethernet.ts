/**
 * Ethernet II framing with 802.1Q VLAN tags and 802.1ad / QinQ stacks (TPIDs 0x88a8 and the
 * pre-standard 0x9100). 802.3 length-framed (LLC) frames carry no EtherType: they are left
 * as "not IP" with `cur.next` set to the length value (< 0x0600).
 *
 * On success the cursor points at the network layer and `cur.next` is its EtherType; the
 * outermost VLAN id goes to `out.vlan`.
 */
import type { DecodedPacket } from './decoded-packet.ts';
import type { DecodeCursor } from './decode-cursor.ts';
import type { Weirds } from '../weird.ts';

const ETH_HEADER = 14;
/** More tags than this is not a real frame; stop rather than walk a garbage chain. */
const MAX_VLAN_TAGS = 8;

/** Decode the 14-byte Ethernet header at cur.offset. False (weird counted) if it is cut short. */
export function decodeEthernet(data: Uint8Array, cur: DecodeCursor, out: DecodedPacket, weirds: Weirds): boolean {
  const off = cur.offset;
  if (cur.end - off < ETH_HEADER) {
    weirds.add('eth_truncated_header');
    return false;
  }
  return walkEtherType(data, off + ETH_HEADER, (data[off + 12] << 8) | data[off + 13], cur, out, weirds);
}

/**
 * Follow VLAN tags starting at `off`, where `type` is the EtherType that precedes them. Shared
 * with the Linux cooked headers, whose protocol field can be 0x8100 with the tag following.
 */
export function walkEtherType(
  data: Uint8Array,
  off: number,
  type: number,
  cur: DecodeCursor,
  out: DecodedPacket,
  weirds: Weirds,
): boolean {
  let tags = 0;
  while (type === 0x8100 || type === 0x88a8 || type === 0x9100) {
    if (cur.end - off < 4) {
      weirds.add('eth_truncated_vlan_tag');
      return false;
    }
    if (++tags > MAX_VLAN_TAGS) {
      weirds.add('eth_too_many_vlan_tags');
      return false;
    }
    if (out.vlan < 0) out.vlan = ((data[off] << 8) | data[off + 1]) & 0x0fff;
    type = (data[off + 2] << 8) | data[off + 3];
    off += 4;
  }
  cur.wireLength -= off - cur.offset;
  cur.offset = off;
  cur.next = type;
  return true;
}
