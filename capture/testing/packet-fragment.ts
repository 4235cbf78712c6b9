/**
 * IP fragmentation of built frames, for reassembly tests and generated traffic. IPv4
 * fragments copy the header (options included) and clear DF; IPv6 fragments put a Fragment
 * header right after the fixed header (the builders emit no other extension headers).
 */
import type { LinkName } from './packet-wire.ts';
import { foldChecksum, put16, put32, sum16 } from './packet-wire.ts';

export interface FragmentOptions {
  /** Link framing of `frame` (default 'ethernet'). */
  link?: LinkName;
  /** IPv6 fragment identification (default: a per-process counter). IPv4 keeps the header's id. */
  id?: number;
}

let nextIpv6Id = 0x1000;

/** Offset of the IP header in a frame built with `link` (VLAN tags walked). */
export function ipOffset(frame: Uint8Array, link: LinkName): number {
  let typeAt: number;
  switch (link) {
    case 'raw':
      return 0;
    case 'null':
      return 4;
    case 'ethernet':
      typeAt = 12;
      break;
    case 'sll':
      typeAt = 14;
      break;
    case 'sll2':
      typeAt = 0;
      break;
  }
  let off = link === 'sll2' ? 20 : typeAt + 2;
  let type = (frame[typeAt] << 8) | frame[typeAt + 1];
  while (type === 0x8100 || type === 0x88a8) {
    type = (frame[off + 2] << 8) | frame[off + 3];
    off += 4;
  }
  return off;
}

/**
 * Split `frame` into fragments whose IP packets are at most `mtu` bytes, in order (first
 * fragment first). A packet that already fits is returned as the only element.
 */
export function fragmentIp(frame: Uint8Array, mtu: number, opts: FragmentOptions = {}): Uint8Array[] {
  const ip = ipOffset(frame, opts.link ?? 'ethernet');
  const v6 = frame[ip] >> 4 === 6;
  const hl = v6 ? 40 : (frame[ip] & 0x0f) * 4;
  const total = v6 ? 40 + ((frame[ip + 4] << 8) | frame[ip + 5]) : (frame[ip + 2] << 8) | frame[ip + 3];
  if (total <= mtu) return [frame];
  const step = Math.floor((mtu - hl - (v6 ? 8 : 0)) / 8) * 8;
  if (step < 8) throw new RangeError(`fragmentIp: mtu ${mtu} leaves no room for 8 data bytes`);
  const payload = frame.subarray(ip + hl, ip + total);
  const id = v6 ? (opts.id ?? nextIpv6Id++) : 0;
  const out: Uint8Array[] = [];
  for (let at = 0; at < payload.length; at += step) {
    const len = Math.min(step, payload.length - at);
    const more = at + len < payload.length;
    const extra = v6 ? 8 : 0;
    const f = new Uint8Array(ip + hl + extra + len);
    f.set(frame.subarray(0, ip + hl));
    if (v6) {
      put16(f, ip + 4, 8 + len);
      f[ip + 6] = 44;
      f[ip + 40] = frame[ip + 6];
      f[ip + 41] = 0;
      put16(f, ip + 42, at | (more ? 1 : 0));
      put32(f, ip + 44, id);
    } else {
      put16(f, ip + 2, hl + len);
      put16(f, ip + 6, (more ? 0x2000 : 0) | (at >> 3));
      put16(f, ip + 10, 0);
      put16(f, ip + 10, foldChecksum(sum16(f, ip, ip + hl, 0)));
    }
    f.set(payload.subarray(at, at + len), ip + hl + extra);
    out.push(f);
  }
  return out;
}
