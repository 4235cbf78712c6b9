/**
 * IPv6 header (RFC 8200) and its extension-header chain: Hop-by-Hop Options (0), Routing
 * (43), Fragment (44), Destination Options (60) and Authentication Header (51) are walked;
 * ESP (50), No Next Header (59) and anything else end the chain and become `out.ipProto`.
 * A payload length of 0 (jumbogram or segmentation offload) falls back to the captured
 * length and is counted.
 *
 * On Ok/Fragment the cursor describes the data after the last header walked, exactly as
 * for IPv4. An atomic fragment (offset 0, no more fragments) is not held for reassembly.
 */
import type { DecodedPacket } from './decoded-packet.ts';
import type { DecodeCursor, IpResultValue } from './decode-cursor.ts';
import type { Weirds } from '../weird.ts';
import { IpResult } from './decode-cursor.ts';
import { formatIpv6, ipv6Key } from './ip-address.ts';

const FIXED_HEADER = 40;
/** Longer chains are not real traffic; stop rather than walk garbage. */
const MAX_EXT_HEADERS = 16;

export function decodeIpv6(data: Uint8Array, cur: DecodeCursor, out: DecodedPacket, weirds: Weirds): IpResultValue {
  const off = cur.offset;
  const avail = cur.end - off;
  if (avail < FIXED_HEADER) {
    weirds.add('ipv6_truncated_header');
    return IpResult.Error;
  }
  if (data[off] >> 4 !== 6) {
    weirds.add('ipv6_bad_version');
    return IpResult.Error;
  }
  let plen = (data[off + 4] << 8) | data[off + 5];
  if (plen === 0) {
    weirds.add('ipv6_zero_payload_len');
    plen = avail - FIXED_HEADER + (out.raw.origLen - out.raw.data.length);
  }
  out.ipVersion = 6;
  out.ttl = data[off + 7];
  out.ipLength = FIXED_HEADER + plen;
  out.srcIp = formatIpv6(data, off + 8);
  out.dstIp = formatIpv6(data, off + 24);
  out.srcIpKey = ipv6Key(data, off + 8);
  out.dstIpKey = ipv6Key(data, off + 24);
  let end = off + FIXED_HEADER + plen;
  if (end > cur.end) {
    if (!out.truncated) weirds.add('ipv6_payload_len_exceeds_frame');
    out.truncated = true;
    end = cur.end;
  }
  cur.offset = off + FIXED_HEADER;
  cur.end = end;
  cur.wireLength = plen;
  cur.next = data[off + 6];
  return walkIpv6Extensions(data, cur, out, weirds, true);
}

/**
 * Walk extension headers from cur.offset, where `cur.next` names the first one. Also used on
 * a reassembled fragmentable part (`allowFragment` false: a Fragment header inside one is
 * malformed). Sets `out.ipProto` to the header type the walk stopped at.
 */
export function walkIpv6Extensions(
  data: Uint8Array,
  cur: DecodeCursor,
  out: DecodedPacket,
  weirds: Weirds,
  allowFragment: boolean,
): IpResultValue {
  const chainStart = cur.offset;
  for (let count = 0; ; count++) {
    const nh = cur.next;
    if (nh !== 0 && nh !== 43 && nh !== 44 && nh !== 60 && nh !== 51) {
      out.ipProto = nh;
      return IpResult.Ok;
    }
    if (count === MAX_EXT_HEADERS) {
      weirds.add('ipv6_too_many_ext_headers');
      return IpResult.Error;
    }
    if (nh === 0 && (count > 0 || !allowFragment)) weirds.add('ipv6_misplaced_hop_by_hop');
    const o = cur.offset;
    if (cur.end - o < 8) {
      weirds.add(cur.wireLength < 8 ? 'ipv6_bad_ext_header_len' : 'ipv6_truncated_ext_header');
      return IpResult.Error;
    }
    const len = nh === 44 ? 8 : nh === 51 ? (data[o + 1] + 2) << 2 : (data[o + 1] + 1) << 3;
    if (len > cur.wireLength) {
      weirds.add('ipv6_bad_ext_header_len');
      return IpResult.Error;
    }
    if (o + len > cur.end) {
      weirds.add('ipv6_truncated_ext_header');
      return IpResult.Error;
    }
    cur.next = data[o];
    cur.offset = o + len;
    cur.wireLength -= len;
    if (nh !== 44) continue;
    const fo = (data[o + 2] << 8) | data[o + 3];
    if ((fo & 0xfff9) === 0) continue;
    if (!allowFragment) {
      weirds.add('ipv6_nested_fragment');
      return IpResult.Error;
    }
    out.ipProto = cur.next;
    out.fragmented = true;
    cur.fragId = ((data[o + 4] << 24) | (data[o + 5] << 16) | (data[o + 6] << 8) | data[o + 7]) >>> 0;
    cur.fragOffset = fo & 0xfff8;
    cur.fragMore = (fo & 1) !== 0;
    cur.fragHeaderLength = o - chainStart;
    return IpResult.Fragment;
  }
}
