/**
 * Datagram helpers for synthesized traffic: a UDP "conversation" (datagrams between two
 * endpoints, each direction with its own IP id counter) and ICMP/IPv4 frames (Ethernet +
 * IPv4 + ICMP with correct checksums). Like TcpConversation, frames go to a `FrameSink`
 * as a view into a scratch buffer that the sink must consume before returning.
 */
import { ipv4ToInt, udpFrameLength, writeUdpFrame, type L4Frame } from './frame.ts';
import type { FrameSink } from './tcp-conversation.ts';

const EMPTY = new Uint8Array(0);

export class UdpConversation {
  private readonly ip: [number, number];
  private readonly port: [number, number];
  private readonly ipId: [number, number] = [1, 1];
  private scratch = new Uint8Array(2048);
  private readonly f: L4Frame = { srcIp: 0, dstIp: 0, srcPort: 0, dstPort: 0, payload: EMPTY, ipId: 0 };

  constructor(
    private readonly sink: FrameSink,
    client: { ip: string; port: number },
    server: { ip: string; port: number },
  ) {
    this.ip = [ipv4ToInt(client.ip), ipv4ToInt(server.ip)];
    this.port = [client.port, server.port];
  }

  /** One datagram from `dir` (0 = client) at time `t`. */
  send(dir: 0 | 1, payload: Uint8Array, t: number): void {
    const other = 1 - dir;
    const f = this.f;
    f.srcIp = this.ip[dir];
    f.dstIp = this.ip[other];
    f.srcPort = this.port[dir];
    f.dstPort = this.port[other];
    f.payload = payload;
    f.ipId = this.ipId[dir]++ & 0xffff;
    const len = udpFrameLength(f);
    if (len > this.scratch.length) this.scratch = new Uint8Array(len * 2);
    writeUdpFrame(this.scratch, f);
    this.sink.frame(t, this.scratch.subarray(0, len));
  }
}

function sum16(b: Uint8Array, s: number, e: number, acc: number): number {
  let i = s;
  for (; i + 1 < e; i += 2) acc += (b[i] << 8) | b[i + 1];
  if (i < e) acc += b[i] << 8;
  while (acc > 0xffff) acc = (acc & 0xffff) + (acc >>> 16);
  return acc;
}

function put32(b: Uint8Array, at: number, v: number): void {
  b[at] = v >>> 24;
  b[at + 1] = (v >>> 16) & 255;
  b[at + 2] = (v >>> 8) & 255;
  b[at + 3] = v & 255;
}

export interface IcmpFrameSpec {
  srcIp: string;
  dstIp: string;
  type: number;
  code: number;
  /** The 4 type-specific header bytes as a 32-bit value (identifier << 16 | sequence for echo). */
  rest: number;
  payload: Uint8Array;
  ipId: number;
}

/** An Ethernet/IPv4/ICMP frame. */
export function icmpFrame(s: IcmpFrameSpec): Uint8Array {
  const total = 20 + 8 + s.payload.length;
  const out = new Uint8Array(14 + total);
  out.set([2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00], 0);
  const ip = 14;
  out.set([0x45, 0, total >> 8, total & 255, (s.ipId >> 8) & 255, s.ipId & 255, 0x40, 0, 64, 1, 0, 0], ip);
  put32(out, ip + 12, ipv4ToInt(s.srcIp));
  put32(out, ip + 16, ipv4ToInt(s.dstIp));
  const ipSum = ~sum16(out, ip, ip + 20, 0) & 0xffff;
  out[ip + 10] = ipSum >> 8;
  out[ip + 11] = ipSum & 255;
  const ic = ip + 20;
  out[ic] = s.type;
  out[ic + 1] = s.code;
  put32(out, ic + 4, s.rest >>> 0);
  out.set(s.payload, ic + 8);
  const c = ~sum16(out, ic, out.length, 0) & 0xffff;
  out[ic + 2] = c >> 8;
  out[ic + 3] = c & 255;
  return out;
}
