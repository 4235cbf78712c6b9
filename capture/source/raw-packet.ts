/**
 * A captured frame as it comes out of a packet source (pcap file, pcap stream, demo
 * generator). `data` is a *view* into the source's buffer: it is valid only until the
 * consumer returns from the callback that received it. Copy what you keep.
 */
export interface RawPacket {
  /** Link-layer type of the interface (pcap LINKTYPE_* value, see link-types.ts). */
  linkType: number;
  /** Capture time, whole seconds since the Unix epoch. */
  tsSec: number;
  /** Capture time, nanoseconds within the second (0..999_999_999). */
  tsNsec: number;
  /** Bytes on the wire (may exceed data.length when the capture was truncated by snaplen). */
  origLen: number;
  /** Captured bytes (view; length = captured length). */
  data: Uint8Array;
  /** pcapng interface id (0 for classic pcap and generated packets). */
  interfaceId: number;
}

/** Capture time in epoch milliseconds (float, µs precision kept). */
export function packetTimeMs(p: { tsSec: number; tsNsec: number }): number {
  return p.tsSec * 1000 + p.tsNsec / 1e6;
}
