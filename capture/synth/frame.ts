/**
 * Frame encoder for synthesized traffic (demo generator, benchmark corpora): Ethernet +
 * IPv4 + TCP/UDP with correct IP and transport checksums, written straight into a caller
 * buffer (no intermediate objects) so generating millions of packets stays cheap.
 */

export interface L4Frame {
  srcIp: number; // IPv4 as uint32
  dstIp: number;
  srcPort: number;
  dstPort: number;
  /** Bytes of the TCP/UDP payload. */
  payload: Uint8Array;
  ipId: number;
  ttl?: number;
}

export interface TcpFields extends L4Frame {
  seq: number;
  ack: number;
  /** TCP flags byte (FIN 1, SYN 2, RST 4, PSH 8, ACK 16). */
  flags: number;
  window: number;
  /** Raw TCP options (length multiple of 4). */
  options?: Uint8Array;
}

const ETH_LEN = 14;
const IP_LEN = 20;
const SRC_MAC = [0x02, 0x00, 0x00, 0x00, 0x00, 0x01];
const DST_MAC = [0x02, 0x00, 0x00, 0x00, 0x00, 0x02];

export function ipv4ToInt(ip: string): number {
  const p = ip.split('.');
  return ((+p[0] << 24) | (+p[1] << 16) | (+p[2] << 8) | +p[3]) >>> 0;
}

export function intToIpv4(n: number): string {
  return `${n >>> 24}.${(n >>> 16) & 255}.${(n >>> 8) & 255}.${n & 255}`;
}

function sum16(buf: Uint8Array, start: number, end: number, acc: number): number {
  let i = start;
  for (; i + 1 < end; i += 2) acc += (buf[i] << 8) | buf[i + 1];
  if (i < end) acc += buf[i] << 8;
  return acc;
}

function fold(acc: number): number {
  while (acc > 0xffff) acc = (acc & 0xffff) + (acc >>> 16);
  return ~acc & 0xffff;
}

function writeEthIp(out: Uint8Array, f: L4Frame, proto: number, l4Len: number): void {
  out.set(DST_MAC, 0);
  out.set(SRC_MAC, 6);
  out[12] = 0x08;
  out[13] = 0x00;
  const ip = ETH_LEN;
  const total = IP_LEN + l4Len;
  out[ip] = 0x45;
  out[ip + 1] = 0;
  out[ip + 2] = total >>> 8;
  out[ip + 3] = total & 255;
  out[ip + 4] = (f.ipId >>> 8) & 255;
  out[ip + 5] = f.ipId & 255;
  out[ip + 6] = 0x40; // DF
  out[ip + 7] = 0;
  out[ip + 8] = f.ttl ?? 64;
  out[ip + 9] = proto;
  out[ip + 10] = 0;
  out[ip + 11] = 0;
  writeU32(out, ip + 12, f.srcIp);
  writeU32(out, ip + 16, f.dstIp);
  const c = fold(sum16(out, ip, ip + IP_LEN, 0));
  out[ip + 10] = c >>> 8;
  out[ip + 11] = c & 255;
}

function writeU32(out: Uint8Array, at: number, v: number): void {
  out[at] = v >>> 24;
  out[at + 1] = (v >>> 16) & 255;
  out[at + 2] = (v >>> 8) & 255;
  out[at + 3] = v & 255;
}

/** Transport checksum over the IPv4 pseudo header and the L4 segment at `l4`. */
function l4Checksum(out: Uint8Array, l4: number, l4Len: number, f: L4Frame, proto: number): number {
  let acc = (f.srcIp >>> 16) + (f.srcIp & 0xffff) + (f.dstIp >>> 16) + (f.dstIp & 0xffff) + proto + l4Len;
  acc = sum16(out, l4, l4 + l4Len, acc);
  return fold(acc);
}

/** Size of the Ethernet/IPv4/TCP frame for `f`. */
export function tcpFrameLength(f: TcpFields): number {
  return ETH_LEN + IP_LEN + 20 + (f.options?.length ?? 0) + f.payload.length;
}

/** Write an Ethernet/IPv4/TCP frame at out[0..]; `out` must hold tcpFrameLength(f) bytes. */
export function writeTcpFrame(out: Uint8Array, f: TcpFields): number {
  const optLen = f.options?.length ?? 0;
  const tcpLen = 20 + optLen + f.payload.length;
  writeEthIp(out, f, 6, tcpLen);
  const t = ETH_LEN + IP_LEN;
  out[t] = f.srcPort >>> 8;
  out[t + 1] = f.srcPort & 255;
  out[t + 2] = f.dstPort >>> 8;
  out[t + 3] = f.dstPort & 255;
  writeU32(out, t + 4, f.seq >>> 0);
  writeU32(out, t + 8, f.ack >>> 0);
  out[t + 12] = ((20 + optLen) / 4) << 4;
  out[t + 13] = f.flags;
  out[t + 14] = (f.window >>> 8) & 255;
  out[t + 15] = f.window & 255;
  out[t + 16] = 0;
  out[t + 17] = 0;
  out[t + 18] = 0;
  out[t + 19] = 0;
  if (optLen) out.set(f.options!, t + 20);
  out.set(f.payload, t + 20 + optLen);
  const c = l4Checksum(out, t, tcpLen, f, 6);
  out[t + 16] = c >>> 8;
  out[t + 17] = c & 255;
  return ETH_LEN + IP_LEN + tcpLen;
}

export function udpFrameLength(f: L4Frame): number {
  return ETH_LEN + IP_LEN + 8 + f.payload.length;
}

/** Write an Ethernet/IPv4/UDP frame at out[0..]. */
export function writeUdpFrame(out: Uint8Array, f: L4Frame): number {
  const udpLen = 8 + f.payload.length;
  writeEthIp(out, f, 17, udpLen);
  const u = ETH_LEN + IP_LEN;
  out[u] = f.srcPort >>> 8;
  out[u + 1] = f.srcPort & 255;
  out[u + 2] = f.dstPort >>> 8;
  out[u + 3] = f.dstPort & 255;
  out[u + 4] = udpLen >>> 8;
  out[u + 5] = udpLen & 255;
  out[u + 6] = 0;
  out[u + 7] = 0;
  out.set(f.payload, u + 8);
  const c = l4Checksum(out, u, udpLen, f, 17) || 0xffff;
  out[u + 6] = c >>> 8;
  out[u + 7] = c & 255;
  return ETH_LEN + IP_LEN + udpLen;
}
