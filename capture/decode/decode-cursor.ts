/**
 * Scratch state handed from one layer decoder to the next. One instance per PacketDecoder,
 * reused for every packet, so the layer functions can return several values without
 * allocating. Each layer reads `offset`/`end`/`wireLength`/`next` for its own header and
 * rewrites them to describe the layer above it.
 */
export class DecodeCursor {
  /** Offset of the next layer's first byte in the buffer being decoded. */
  offset = 0;
  /** End (exclusive) of the captured bytes that belong to the next layer. */
  end = 0;
  /** Length of the next layer on the wire per the headers (may exceed end - offset). */
  wireLength = 0;
  /** L2 → L3: the EtherType; L3 → L4: the IP protocol number. */
  next = 0;

  // ── set by an IP decoder when the packet is a fragment (status 'fragment') ──
  /** IPv4 identification (16 bit) or IPv6 fragment identification (32 bit). */
  fragId = 0;
  /** Byte offset of this fragment's data within the original datagram's payload. */
  fragOffset = 0;
  /** More-fragments flag. */
  fragMore = false;
  /**
   * Header bytes of the reassembled datagram that precede the fragmentable part and count
   * towards the 65535-byte limit (IPv4: the header with options; IPv6: the extension
   * headers before the Fragment header, without the fixed 40 bytes).
   */
  fragHeaderLength = 0;

  /** Start a packet: the whole captured buffer belongs to the link layer. */
  start(capturedLength: number, wireLength: number): void {
    this.offset = 0;
    this.end = capturedLength;
    this.wireLength = wireLength;
    this.next = 0;
  }
}

/** EtherType values the IP decoders are reached by. */
export const EtherType = { IPV4: 0x0800, IPV6: 0x86dd, ARP: 0x0806, VLAN: 0x8100, QINQ: 0x88a8, QINQ_OLD: 0x9100 } as const;

/**
 * What an IP decoder made of its header: Ok — decoded, the cursor describes the transport
 * layer; Fragment — the cursor's frag* fields and offset/end describe the fragment's data;
 * Error — malformed or too short, a weird was counted.
 */
export const IpResult = { Ok: 0, Fragment: 1, Error: 2 } as const;
export type IpResultValue = (typeof IpResult)[keyof typeof IpResult];
