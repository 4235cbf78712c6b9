/**
 * L2–L4 decoding in place: PacketDecoder fills a reused DecodedPacket from a RawPacket,
 * reassembling IP fragments; address text is formatted as tshark prints it.
 */
export { DecodedPacket, IpProto, TcpFlag } from './decoded-packet.ts';
export { PacketDecoder } from './packet-decoder.ts';
export type { DecodeStatus, PacketDecoderOptions } from './packet-decoder.ts';
export type { IpDefragOptions } from './ip-defrag.ts';
export { formatIpv4, formatIpv6, parseIp } from './ip-address.ts';
