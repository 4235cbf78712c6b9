/**
 * Hand-built `DecodedPacket`s for flow and TCP tests (the decoder is not involved):
 * `pkt({ src: '10.0.0.1:40000', dst: '10.0.0.2:80', flags: 'PA', seq: 1, payload: 'hi' })`.
 * Addresses are `ip:port` (IPv6 as `[addr]:port`, ICMP may omit the port).
 */
import { DecodedPacket, IpProto, TcpFlag } from '../../decode/decoded-packet.ts';
import type { RawPacket } from '../../source/raw-packet.ts';

export interface PacketSpec {
  src: string;
  dst: string;
  proto?: 'tcp' | 'udp' | 'icmp';
  /** TCP flags as letters: S A F R P U, e.g. 'S', 'SA', 'PA', 'FA', 'RA'. */
  flags?: string;
  seq?: number;
  ack?: number;
  window?: number;
  /** Payload; a string is encoded as latin1. */
  payload?: string | Uint8Array;
  /** Payload length on the wire, when the capture truncated it (> payload length). */
  wireLength?: number;
  /** Capture time, epoch ms. */
  ts?: number;
  icmpType?: number;
}

const FLAG_LETTERS: Record<string, number> = {
  S: TcpFlag.SYN,
  A: TcpFlag.ACK,
  F: TcpFlag.FIN,
  R: TcpFlag.RST,
  P: TcpFlag.PSH,
  U: TcpFlag.URG,
};

export function tcpFlags(letters: string): number {
  let f = 0;
  for (const c of letters) {
    const bit = FLAG_LETTERS[c];
    if (bit === undefined) throw new Error(`unknown TCP flag letter ${c}`);
    f |= bit;
  }
  return f;
}

function endpoint(s: string): { ip: string; port: number } {
  const m = /^\[(.+)\]:(\d+)$/.exec(s) ?? /^([^:]+):(\d+)$/.exec(s);
  if (m) return { ip: m[1], port: Number(m[2]) };
  return { ip: s.replace(/^\[|\]$/g, ''), port: 0 };
}

export function pkt(spec: PacketSpec): DecodedPacket {
  const payload = typeof spec.payload === 'string' ? new Uint8Array(Buffer.from(spec.payload, 'latin1')) : (spec.payload ?? new Uint8Array(0));
  const wire = Math.max(spec.wireLength ?? payload.length, payload.length);
  const proto = spec.proto ?? 'tcp';
  const src = endpoint(spec.src);
  const dst = endpoint(spec.dst);
  const v6 = src.ip.includes(':');
  const l4Header = proto === 'tcp' ? 20 : 8;
  const ipHeader = v6 ? 40 : 20;
  const raw: RawPacket = {
    linkType: 1,
    tsSec: Math.floor((spec.ts ?? 0) / 1000),
    tsNsec: 0,
    origLen: 14 + ipHeader + l4Header + wire,
    data: new Uint8Array(14 + ipHeader + l4Header + payload.length),
    interfaceId: 0,
  };
  const p = new DecodedPacket();
  p.reset(raw, spec.ts ?? 0);
  p.ipVersion = v6 ? 6 : 4;
  p.srcIp = src.ip;
  p.dstIp = dst.ip;
  p.ipProto = proto === 'tcp' ? IpProto.TCP : proto === 'udp' ? IpProto.UDP : v6 ? IpProto.ICMPV6 : IpProto.ICMP;
  p.ttl = 64;
  p.ipLength = ipHeader + l4Header + wire;
  if (proto !== 'icmp') {
    p.srcPort = src.port;
    p.dstPort = dst.port;
  }
  if (proto === 'tcp') {
    p.tcpFlags = tcpFlags(spec.flags ?? 'A');
    p.tcpSeq = (spec.seq ?? 0) >>> 0;
    p.tcpAck = (spec.ack ?? 0) >>> 0;
    p.tcpWindow = spec.window ?? 65535;
  }
  if (proto === 'icmp') {
    p.icmpType = spec.icmpType ?? 8;
    p.icmpCode = 0;
  }
  p.payload = payload;
  p.payloadWireLength = wire;
  p.truncated = wire > payload.length;
  return p;
}
