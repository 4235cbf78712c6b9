/**
 * Linux "cooked" capture headers, produced by captures on the `any` device:
 * SLL (LINKTYPE_LINUX_SLL, 16 bytes: packet type, ARPHRD type, address length, 8 address
 * bytes, protocol) and SLL2 (LINKTYPE_LINUX_SLL2, 20 bytes: protocol, reserved, interface
 * index, ARPHRD type, packet type, address length, 8 address bytes).
 *
 * The protocol field is an EtherType for the hardware types that carry IP; Netlink captures
 * (ARPHRD_NETLINK) carry a Netlink family there and are never IP. A protocol of 0x8100 is
 * followed by the VLAN tag the kernel moved out of the frame.
 */
import type { DecodedPacket } from './decoded-packet.ts';
import type { DecodeCursor } from './decode-cursor.ts';
import type { Weirds } from '../weird.ts';
import { walkEtherType } from './ethernet.ts';

const SLL_HEADER = 16;
const SLL2_HEADER = 20;
const ARPHRD_NETLINK = 824;

/** Decode an SLL header at cur.offset. False (weird counted) if it is cut short. */
export function decodeSll(data: Uint8Array, cur: DecodeCursor, out: DecodedPacket, weirds: Weirds): boolean {
  const off = cur.offset;
  if (cur.end - off < SLL_HEADER) {
    weirds.add('sll_truncated_header');
    return false;
  }
  const hatype = (data[off + 2] << 8) | data[off + 3];
  const protocol = hatype === ARPHRD_NETLINK ? 0 : (data[off + 14] << 8) | data[off + 15];
  return walkEtherType(data, off + SLL_HEADER, protocol, cur, out, weirds);
}

/** Decode an SLL2 header at cur.offset. False (weird counted) if it is cut short. */
export function decodeSll2(data: Uint8Array, cur: DecodeCursor, out: DecodedPacket, weirds: Weirds): boolean {
  const off = cur.offset;
  if (cur.end - off < SLL2_HEADER) {
    weirds.add('sll_truncated_header');
    return false;
  }
  const hatype = (data[off + 8] << 8) | data[off + 9];
  const protocol = hatype === ARPHRD_NETLINK ? 0 : (data[off] << 8) | data[off + 1];
  return walkEtherType(data, off + SLL2_HEADER, protocol, cur, out, weirds);
}
