/**
 * IPv4 header (RFC 791). Options are skipped; checksums are not verified (offloaded
 * captures carry bad ones). A total length of 0 is TCP segmentation offload seen before
 * the NIC split the segment: the captured length is used instead (and counted).
 *
 * On Ok/Fragment the cursor describes the IP payload: `offset` after the header, `end` at
 * the total length (or the captured end when the frame is shorter — `out.truncated`),
 * `wireLength` = total length − header length, `next` = protocol.
 */
import type { DecodedPacket } from './decoded-packet.ts';
import type { DecodeCursor, IpResultValue } from './decode-cursor.ts';
import type { Weirds } from '../weird.ts';
import { IpResult } from './decode-cursor.ts';
import { formatIpv4, ipv4Key } from './ip-address.ts';

const MIN_HEADER = 20;

export function decodeIpv4(data: Uint8Array, cur: DecodeCursor, out: DecodedPacket, weirds: Weirds): IpResultValue {
  const off = cur.offset;
  const avail = cur.end - off;
  if (avail < MIN_HEADER) {
    weirds.add('ipv4_truncated_header');
    return IpResult.Error;
  }
  const vihl = data[off];
  if (vihl >> 4 !== 4) {
    weirds.add('ipv4_bad_version');
    return IpResult.Error;
  }
  const hl = (vihl & 0x0f) << 2;
  if (hl < MIN_HEADER) {
    weirds.add('ipv4_bad_header_len');
    return IpResult.Error;
  }
  if (hl > avail) {
    weirds.add('ipv4_truncated_header');
    return IpResult.Error;
  }
  let total = (data[off + 2] << 8) | data[off + 3];
  if (total === 0) {
    weirds.add('ipv4_zero_total_len');
    total = avail + (out.raw.origLen - out.raw.data.length);
  } else if (total < hl) {
    weirds.add('ipv4_bad_total_len');
    return IpResult.Error;
  }
  out.ipVersion = 4;
  out.ttl = data[off + 8];
  out.ipProto = data[off + 9];
  out.ipLength = total;
  out.srcIp = formatIpv4(data, off + 12);
  out.dstIp = formatIpv4(data, off + 16);
  out.srcIpKey = ipv4Key(data, off + 12);
  out.dstIpKey = ipv4Key(data, off + 16);
  let end = off + total;
  if (end > cur.end) {
    if (!out.truncated) weirds.add('ipv4_total_len_exceeds_frame');
    out.truncated = true;
    end = cur.end;
  }
  cur.offset = off + hl;
  cur.end = end;
  cur.wireLength = total - hl;
  cur.next = out.ipProto;
  const frag = (data[off + 6] << 8) | data[off + 7];
  if ((frag & 0x3fff) === 0) return IpResult.Ok;
  out.fragmented = true;
  cur.fragId = (data[off + 4] << 8) | data[off + 5];
  cur.fragOffset = (frag & 0x1fff) << 3;
  cur.fragMore = (frag & 0x2000) !== 0;
  cur.fragHeaderLength = hl;
  return IpResult.Fragment;
}
