/**
 * TCP header (RFC 9293) with the options the flow layer uses: MSS (2), window scale (3),
 * SACK permitted (4), SACK blocks (5); timestamps (8) and unknown options are skipped.
 *
 * When the snaplen cut the packet inside the options, the fixed 20 bytes still yield ports,
 * numbers and flags (options inside the captured part are read), with an empty payload and
 * `payloadWireLength` from the IP length — so reassembly sees a gap, not a lost packet.
 * Fewer than 20 captured bytes, or a malformed header, count a weird and fail.
 */
import type { DecodedPacket } from './decoded-packet.ts';
import type { DecodeCursor } from './decode-cursor.ts';
import type { Weirds } from '../weird.ts';

const MIN_HEADER = 20;
const MAX_WINDOW_SCALE = 14;

/** Decode the segment the cursor describes. False (weird counted) if it is malformed. */
export function decodeTcp(data: Uint8Array, cur: DecodeCursor, out: DecodedPacket, weirds: Weirds): boolean {
  const off = cur.offset;
  if (cur.wireLength < MIN_HEADER) {
    weirds.add('tcp_short_segment');
    return false;
  }
  if (cur.end - off < MIN_HEADER) {
    weirds.add('tcp_truncated_header');
    return false;
  }
  const hl = (data[off + 12] >> 4) << 2;
  if (hl < MIN_HEADER || hl > cur.wireLength) {
    weirds.add('tcp_bad_data_offset');
    return false;
  }
  out.srcPort = (data[off] << 8) | data[off + 1];
  out.dstPort = (data[off + 2] << 8) | data[off + 3];
  out.tcpSeq = ((data[off + 4] << 24) | (data[off + 5] << 16) | (data[off + 6] << 8) | data[off + 7]) >>> 0;
  out.tcpAck = ((data[off + 8] << 24) | (data[off + 9] << 16) | (data[off + 10] << 8) | data[off + 11]) >>> 0;
  out.tcpFlags = data[off + 13];
  out.tcpWindow = (data[off + 14] << 8) | data[off + 15];
  if (hl > MIN_HEADER) parseOptions(data, off + MIN_HEADER, off + hl, cur.end, out, weirds);
  const start = off + hl;
  if (start < cur.end) out.payload = data.subarray(start, cur.end);
  out.payloadWireLength = cur.wireLength - hl;
  if (start > cur.end) out.truncated = true;
  return true;
}

/** Options in data[from, to); bytes at or past `capEnd` were not captured. */
function parseOptions(
  data: Uint8Array,
  from: number,
  to: number,
  capEnd: number,
  out: DecodedPacket,
  weirds: Weirds,
): void {
  const stop = to < capEnd ? to : capEnd;
  let i = from;
  while (i < stop) {
    const kind = data[i];
    if (kind === 0) return;
    if (kind === 1) {
      i++;
      continue;
    }
    if (i + 1 >= to) {
      weirds.add('tcp_bad_option_len');
      return;
    }
    if (i + 1 >= stop) return;
    const len = data[i + 1];
    if (len < 2 || i + len > to) {
      weirds.add('tcp_bad_option_len');
      return;
    }
    if (i + len > stop) return;
    switch (kind) {
      case 2:
        if (len === 4) out.tcpMss = (data[i + 2] << 8) | data[i + 3];
        else weirds.add('tcp_bad_option_len');
        break;
      case 3:
        if (len !== 3) weirds.add('tcp_bad_option_len');
        else if (data[i + 2] > MAX_WINDOW_SCALE) {
          weirds.add('tcp_bad_window_scale');
          out.tcpWindowScale = MAX_WINDOW_SCALE;
        } else out.tcpWindowScale = data[i + 2];
        break;
      case 4:
        if (len === 2) out.tcpSackPermitted = true;
        else weirds.add('tcp_bad_option_len');
        break;
      case 5:
        if ((len - 2) % 8 !== 0) weirds.add('tcp_bad_option_len');
        else readSackBlocks(data, i + 2, i + len, out);
        break;
    }
    i += len;
  }
}

function readSackBlocks(data: Uint8Array, from: number, to: number, out: DecodedPacket): void {
  const sack = out.tcpSack;
  for (let j = from; j < to; j += 4) {
    sack.push(((data[j] << 24) | (data[j + 1] << 16) | (data[j + 2] << 8) | data[j + 3]) >>> 0);
  }
}
