/**
 * Packet sources: pcap/pcapng reading (push parser, files, streams, buffers) and classic
 * pcap writing. Packets are RawPackets whose `data` is a view valid during the callback.
 */
export type { RawPacket } from './raw-packet.ts';
export { packetTimeMs } from './raw-packet.ts';
export { LinkType } from './link-types.ts';
export type { LinkTypeValue } from './link-types.ts';
export { PcapParser, PcapFormatError } from './pcap-parser.ts';
export type { PcapErrorCode, PacketCallback } from './pcap-parser.ts';
export { MAX_CAPLEN } from './pcap-format-error.ts';
export { readPcapFile, readPcapStream, readPcapBuffer } from './pcap-file.ts';
export type { PcapReadOptions, PcapReadSummary } from './pcap-file.ts';
export { PcapWriter, encodePcap } from './pcap-writer.ts';
export type { PcapWriterOptions, PcapRecord } from './pcap-writer.ts';
