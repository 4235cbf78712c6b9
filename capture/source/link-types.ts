/** pcap LINKTYPE_* values (https://www.tcpdump.org/linktypes.html) that the decoder understands. */
export const LinkType = {
  NULL: 0, // BSD loopback: 4-byte address family in host byte order
  ETHERNET: 1,
  RAW: 101, // raw IPv4/IPv6, no link header
  LOOP: 108, // OpenBSD loopback: 4-byte AF in network byte order
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;
export type LinkTypeValue = (typeof LinkType)[keyof typeof LinkType];
