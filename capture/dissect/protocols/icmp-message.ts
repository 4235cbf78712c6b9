/**
 * ICMP (RFC 792) and ICMPv6 (RFC 4443) message fields for items:
 *
 *   { type: number, code: number,
 *     typeName: string,            // "Echo Request", "Destination Unreachable" ...
 *     codeName: string,            // "Port Unreachable" ... ("" when the type has no codes)
 *     identifier: number | null,   // echo request/reply
 *     sequence: number | null,
 *     size: number,                // ICMP message bytes on the wire (header included)
 *     mtu: number | null,          // Fragmentation Needed / Packet Too Big
 *     original: { ipVersion, protocol, src: {ip, port}, dst: {ip, port} } | null }
 *                                  // errors: the tuple of the packet that caused them
 *                                  // (ports 0 when not TCP/UDP or cut off)
 *
 * The decoder hands out the body after the 8-byte header (decode/icmp.ts); the 4
 * type-specific header bytes (identifier, sequence, MTU) sit right before that view in the
 * same buffer and are read from there when the body is present (`restWord`).
 */
import { formatIpv4, formatIpv6 } from '../../decode/ip-address.ts';

const V4_TYPES: Record<number, string> = {
  0: 'Echo Reply', 3: 'Destination Unreachable', 4: 'Source Quench', 5: 'Redirect', 8: 'Echo Request', 9: 'Router Advertisement',
  10: 'Router Solicitation', 11: 'Time Exceeded', 12: 'Parameter Problem', 13: 'Timestamp', 14: 'Timestamp Reply',
};
const V4_CODES: Record<number, string[]> = {
  3: [
    'Network Unreachable', 'Host Unreachable', 'Protocol Unreachable', 'Port Unreachable', 'Fragmentation Needed', 'Source Route Failed',
    'Destination Network Unknown', 'Destination Host Unknown', 'Source Host Isolated', 'Network Administratively Prohibited',
    'Host Administratively Prohibited', 'Network Unreachable for ToS', 'Host Unreachable for ToS', 'Communication Administratively Prohibited',
    'Host Precedence Violation', 'Precedence Cutoff in Effect',
  ],
  5: ['Redirect for Network', 'Redirect for Host', 'Redirect for ToS and Network', 'Redirect for ToS and Host'],
  11: ['TTL Exceeded in Transit', 'Fragment Reassembly Time Exceeded'],
  12: ['Pointer Indicates the Error', 'Missing a Required Option', 'Bad Length'],
};
const V6_TYPES: Record<number, string> = {
  1: 'Destination Unreachable', 2: 'Packet Too Big', 3: 'Time Exceeded', 4: 'Parameter Problem', 128: 'Echo Request', 129: 'Echo Reply',
  130: 'Multicast Listener Query', 131: 'Multicast Listener Report', 132: 'Multicast Listener Done', 133: 'Router Solicitation',
  134: 'Router Advertisement', 135: 'Neighbor Solicitation', 136: 'Neighbor Advertisement', 137: 'Redirect', 143: 'Multicast Listener Report v2',
};
const V6_CODES: Record<number, string[]> = {
  1: ['No Route to Destination', 'Administratively Prohibited', 'Beyond Scope of Source Address', 'Address Unreachable', 'Port Unreachable', 'Source Address Failed Policy', 'Reject Route to Destination'],
  3: ['Hop Limit Exceeded in Transit', 'Fragment Reassembly Time Exceeded'],
  4: ['Erroneous Header Field', 'Unrecognized Next Header', 'Unrecognized IPv6 Option'],
};

const V4_ERRORS = new Set([3, 4, 5, 11, 12]);
const V6_ERRORS = new Set([1, 2, 3, 4]);
const PROTOCOLS: Record<number, string> = { 1: 'icmp', 6: 'tcp', 17: 'udp', 58: 'icmpv6', 132: 'sctp' };

export type IcmpKind = 'echo-request' | 'echo-reply' | 'other';

export interface IcmpMessage {
  kind: IcmpKind;
  fields: Record<string, unknown>;
}

export interface OriginalTuple {
  ipVersion: 4 | 6;
  protocol: string;
  src: { ip: string; port: number };
  dst: { ip: string; port: number };
}

/** The embedded original packet's addresses and ports, or null when too short to tell. */
export function originalTuple(b: Uint8Array): OriginalTuple | null {
  if (b.length < 1) return null;
  const v = b[0] >> 4;
  let proto: number;
  let l4: number;
  let src: string;
  let dst: string;
  if (v === 4) {
    if (b.length < 20) return null;
    l4 = (b[0] & 15) * 4;
    proto = b[9];
    src = formatIpv4(b, 12);
    dst = formatIpv4(b, 16);
  } else if (v === 6) {
    if (b.length < 40) return null;
    l4 = 40;
    proto = b[6];
    src = formatIpv6(b, 8);
    dst = formatIpv6(b, 24);
  } else return null;
  const ports = (proto === 6 || proto === 17) && b.length >= l4 + 4;
  return {
    ipVersion: v,
    protocol: PROTOCOLS[proto] ?? String(proto),
    src: { ip: src, port: ports ? (b[l4] << 8) | b[l4 + 1] : 0 },
    dst: { ip: dst, port: ports ? (b[l4 + 2] << 8) | b[l4 + 3] : 0 },
  };
}

/**
 * The 4 type-specific header bytes as an unsigned 32-bit word, or -1 when the body is empty.
 * They sit right before `body` in the same buffer; `frame` (the raw packet bytes) is read
 * directly when `body` is a view of it, so the common case allocates nothing.
 */
export function restWord(body: Uint8Array, frame: Uint8Array): number {
  if (body.length === 0 || body.byteOffset < 4) return -1;
  let b = frame;
  let i = body.byteOffset - frame.byteOffset - 4;
  if (body.buffer !== frame.buffer || i < 0) {
    b = new Uint8Array(body.buffer, body.byteOffset - 4, 4);
    i = 0;
  }
  return ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0;
}

/** Fields of one message: `rest` from `restWord`, `body` the decoder's payload (after the header). */
export function icmpMessage(v6: boolean, type: number, code: number, rest: number, body: Uint8Array, wireBody: number): IcmpMessage {
  const echoReq = v6 ? type === 128 : type === 8;
  const echoRep = v6 ? type === 129 : type === 0;
  const echo = (echoReq || echoRep) && rest >= 0;
  const tooBig = (v6 ? type === 2 : type === 3 && code === 4) && rest >= 0;
  const error = v6 ? V6_ERRORS.has(type) : V4_ERRORS.has(type);
  const codes = (v6 ? V6_CODES : V4_CODES)[type];
  const fields: Record<string, unknown> = {
    type,
    code,
    typeName: (v6 ? V6_TYPES : V4_TYPES)[type] ?? `Type ${type}`,
    codeName: codes ? (codes[code] ?? `Code ${code}`) : '',
    identifier: echo ? rest >>> 16 : null,
    sequence: echo ? rest & 0xffff : null,
    size: 8 + wireBody,
    mtu: tooBig ? (v6 ? rest : rest & 0xffff) : null,
    original: error ? originalTuple(body) : null,
  };
  return { kind: echoReq ? 'echo-request' : echoRep ? 'echo-reply' : 'other', fields };
}
