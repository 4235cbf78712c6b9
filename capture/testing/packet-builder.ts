/**
 * Packet builders for tests, the traffic generator and benchmarks: one call → one complete
 * frame (link header, IPv4 or IPv6 chosen by the address text, TCP/UDP/ICMP with correct
 * checksums). Each builder computes the size first and writes the frame once.
 *
 * Frames are carved from shared 1 MiB slabs (as Buffer.allocUnsafe pools do): a frame is a
 * Uint8Array of its own length, but `frame.buffer` is the slab — wrap it with
 * `frame.byteOffset`, or `slice()` the frame, when you need an ArrayBuffer of its own.
 *
 *   buildTcpPacket({ src: '10.0.0.1', dst: '10.0.0.2', sport: 40000, dport: 80,
 *                    seq: 1, ack: 0, flags: 'S', options: { mss: 1460 } })
 */
import type { LinkName, LinkSpec } from './packet-wire.ts';
import type { RawPacket } from '../source/raw-packet.ts';
import { IpProto } from '../decode/decoded-packet.ts';
import {
  LINK_TYPE_OF,
  addressBytes,
  foldChecksum,
  linkHeaderLength,
  pseudoHeaderSum,
  put16,
  put32,
  sum16,
  writeLinkHeader,
} from './packet-wire.ts';
import { encodeTcpOptions, parseTcpFlags } from './packet-tcp-options.ts';
import type { TcpOptionsSpec } from './packet-tcp-options.ts';

export type { LinkName, LinkSpec } from './packet-wire.ts';
export type { TcpOptionsSpec } from './packet-tcp-options.ts';
export { LINK_TYPE_OF } from './packet-wire.ts';
export { fragmentIp } from './packet-fragment.ts';

export interface IpSpec extends LinkSpec {
  /** Source / destination address: dotted quad → IPv4, otherwise IPv6. */
  src: string;
  dst: string;
  /** IPv4 TTL / IPv6 hop limit (default 64). */
  ttl?: number;
  /** IPv4 identification (default 0). */
  ipId?: number;
  /** IPv4 don't-fragment flag (default true). */
  dontFragment?: boolean;
}

export type Payload = Uint8Array | string;

export interface TcpPacketSpec extends IpSpec {
  sport: number;
  dport: number;
  seq: number;
  ack: number;
  /** Flags byte, or letters: F S R P A U E C (e.g. 'SA', 'PA', 'FA'). */
  flags: number | string;
  /** Raw window (default 65535). */
  window?: number;
  /** Options as fields (encoded and padded to 4 bytes) or raw bytes (length multiple of 4). */
  options?: TcpOptionsSpec | Uint8Array;
  payload?: Payload;
}

export interface UdpPacketSpec extends IpSpec {
  sport: number;
  dport: number;
  payload?: Payload;
}

export interface IcmpPacketSpec extends IpSpec {
  /** ICMP type (ICMPv6 for IPv6 addresses), e.g. 8 / 128 echo request. */
  type: number;
  code?: number;
  /** The 4 type-specific bytes after the checksum as a 32-bit number (e.g. id << 16 | seq). */
  rest?: number;
  payload?: Payload;
}

const EMPTY = new Uint8Array(0);
const SLAB = 1024 * 1024;
let slab = new Uint8Array(SLAB);
let slabUsed = 0;

/**
 * Zeroed bytes for one frame, carved from a shared 1 MiB slab (a new slab when it is used
 * up; slabs are never reused, so frames never alias). Thousands of separate ArrayBuffers
 * make every GC slower; slabs keep generating millions of retained frames cheap.
 */
function allocFrame(n: number): Uint8Array {
  if (n > SLAB / 16) return new Uint8Array(n);
  if (slabUsed + n > SLAB) {
    slab = new Uint8Array(SLAB);
    slabUsed = 0;
  }
  const out = slab.subarray(slabUsed, slabUsed + n);
  slabUsed += (n + 7) & ~7;
  return out;
}
const encoder = new TextEncoder();

function payloadBytes(p: Payload | undefined): Uint8Array {
  return p === undefined ? EMPTY : typeof p === 'string' ? encoder.encode(p) : p;
}

/**
 * Frame an upper-layer packet of `l4Length` bytes: allocate the frame, write link and IP
 * headers; returns the frame and the L4 offset. The caller writes L4 and calls finishL4.
 */
function frame(spec: IpSpec, proto: number, l4Length: number): { out: Uint8Array; l4: number; v6: boolean } {
  const src = addressBytes(spec.src);
  const dst = addressBytes(spec.dst);
  if (src.length !== dst.length) throw new TypeError(`packet builder: ${spec.src} and ${spec.dst} differ in IP version`);
  const v6 = src.length === 16;
  const lh = linkHeaderLength(spec);
  const ipHeader = v6 ? 40 : 20;
  const out = allocFrame(lh + ipHeader + l4Length);
  writeLinkHeader(out, spec, v6 ? 6 : 4);
  const ip = lh;
  if (v6) {
    out[ip] = 0x60;
    put16(out, ip + 4, l4Length);
    out[ip + 6] = proto;
    out[ip + 7] = spec.ttl ?? 64;
    out.set(src, ip + 8);
    out.set(dst, ip + 24);
  } else {
    out[ip] = 0x45;
    put16(out, ip + 2, 20 + l4Length);
    put16(out, ip + 4, spec.ipId ?? 0);
    out[ip + 6] = spec.dontFragment === false ? 0 : 0x40;
    out[ip + 8] = spec.ttl ?? 64;
    out[ip + 9] = proto;
    out.set(src, ip + 12);
    out.set(dst, ip + 16);
    put16(out, ip + 10, foldChecksum(sum16(out, ip, ip + 20, 0)));
  }
  return { out, l4: lh + ipHeader, v6 };
}

/** Fill the transport checksum at out[l4 + at] (pseudo header for all but ICMPv4). */
function finishL4(out: Uint8Array, l4: number, at: number, spec: IpSpec, proto: number, pseudo: boolean): void {
  const len = out.length - l4;
  const acc = pseudo ? pseudoHeaderSum(addressBytes(spec.src), addressBytes(spec.dst), proto, len) : 0;
  const c = foldChecksum(sum16(out, l4, out.length, acc));
  put16(out, l4 + at, proto === IpProto.UDP && c === 0 ? 0xffff : c);
}

export function buildTcpPacket(spec: TcpPacketSpec): Uint8Array {
  const payload = payloadBytes(spec.payload);
  const opts = spec.options === undefined ? EMPTY : spec.options instanceof Uint8Array ? spec.options : encodeTcpOptions(spec.options);
  if (opts.length % 4 !== 0 || opts.length > 40) throw new RangeError('packet builder: TCP options must be ≤ 40 bytes, a multiple of 4');
  const hl = 20 + opts.length;
  const { out, l4 } = frame(spec, IpProto.TCP, hl + payload.length);
  put16(out, l4, spec.sport);
  put16(out, l4 + 2, spec.dport);
  put32(out, l4 + 4, spec.seq >>> 0);
  put32(out, l4 + 8, spec.ack >>> 0);
  out[l4 + 12] = (hl >> 2) << 4;
  out[l4 + 13] = typeof spec.flags === 'number' ? spec.flags : parseTcpFlags(spec.flags);
  put16(out, l4 + 14, spec.window ?? 65535);
  out.set(opts, l4 + 20);
  out.set(payload, l4 + hl);
  finishL4(out, l4, 16, spec, IpProto.TCP, true);
  return out;
}

export function buildUdpPacket(spec: UdpPacketSpec): Uint8Array {
  const payload = payloadBytes(spec.payload);
  const { out, l4 } = frame(spec, IpProto.UDP, 8 + payload.length);
  put16(out, l4, spec.sport);
  put16(out, l4 + 2, spec.dport);
  put16(out, l4 + 4, 8 + payload.length);
  out.set(payload, l4 + 8);
  finishL4(out, l4, 6, spec, IpProto.UDP, true);
  return out;
}

export function buildIcmpPacket(spec: IcmpPacketSpec): Uint8Array {
  const payload = payloadBytes(spec.payload);
  const v6 = addressBytes(spec.src).length === 16;
  const proto = v6 ? IpProto.ICMPV6 : IpProto.ICMP;
  const { out, l4 } = frame(spec, proto, 8 + payload.length);
  out[l4] = spec.type;
  out[l4 + 1] = spec.code ?? 0;
  put32(out, l4 + 4, (spec.rest ?? 0) >>> 0);
  out.set(payload, l4 + 8);
  finishL4(out, l4, 2, spec, proto, v6);
  return out;
}

/** Wrap a built frame as the RawPacket a source would deliver (time defaults to 1 s past the epoch). */
export function toRawPacket(
  data: Uint8Array,
  opts: { link?: LinkName; tsMs?: number; origLen?: number; interfaceId?: number } = {},
): RawPacket {
  const tsMs = opts.tsMs ?? 1000;
  const tsSec = Math.floor(tsMs / 1000);
  return {
    linkType: LINK_TYPE_OF[opts.link ?? 'ethernet'],
    tsSec,
    tsNsec: Math.min(999_999_999, Math.round((tsMs - tsSec * 1000) * 1e6)),
    origLen: opts.origLen ?? data.length,
    data,
    interfaceId: opts.interfaceId ?? 0,
  };
}
