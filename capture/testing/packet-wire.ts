/**
 * Low-level pieces shared by the packet builders: Internet checksums, cached address
 * parsing, and link-layer headers for each supported link. Everything writes into a caller
 * buffer at an offset so a builder allocates exactly one array per packet.
 */
import { parseIp } from '../decode/ip-address.ts';
import { LinkType } from '../source/link-types.ts';

/** Link layers the builders can frame packets in. */
export type LinkName = 'ethernet' | 'raw' | 'sll' | 'sll2' | 'null';

export const LINK_TYPE_OF: Record<LinkName, number> = {
  ethernet: LinkType.ETHERNET,
  raw: LinkType.RAW,
  sll: LinkType.LINUX_SLL,
  sll2: LinkType.LINUX_SLL2,
  null: LinkType.NULL,
};

export interface LinkSpec {
  /** Link framing (default 'ethernet'). */
  link?: LinkName;
  /** 802.1Q VLAN id, or [outer, inner] ids for an 802.1ad (QinQ) stack. Ethernet and SLL only. */
  vlan?: number | number[];
  /** Ethernet source / destination MAC as 'aa:bb:cc:dd:ee:ff' (defaults 02:00:00:00:00:01 / :02). */
  srcMac?: string;
  dstMac?: string;
}

const addrCache = new Map<string, Uint8Array>();
const ADDR_CACHE_MAX = 65536;

/** 4 or 16 address bytes of `text` (cached); throws on a malformed address (test input bug). */
export function addressBytes(text: string): Uint8Array {
  let a = addrCache.get(text);
  if (!a) {
    a = parseIp(text);
    if (!a) throw new TypeError(`packet builder: not an IP address: ${JSON.stringify(text)}`);
    if (addrCache.size >= ADDR_CACHE_MAX) addrCache.clear();
    addrCache.set(text, a);
  }
  return a;
}

/** One's-complement sum of data[from, to) added to `acc` (not folded). */
export function sum16(data: Uint8Array, from: number, to: number, acc: number): number {
  let i = from;
  for (; i + 1 < to; i += 2) acc += (data[i] << 8) | data[i + 1];
  if (i < to) acc += data[i] << 8;
  return acc;
}

/** Fold and complement a sum into the 16-bit checksum. */
export function foldChecksum(acc: number): number {
  while (acc > 0xffff) acc = (acc & 0xffff) + (acc >>> 16);
  return ~acc & 0xffff;
}

/** Sum of the IPv4/IPv6 pseudo header for an upper-layer packet of `length` bytes. */
export function pseudoHeaderSum(src: Uint8Array, dst: Uint8Array, proto: number, length: number): number {
  let acc = sum16(src, 0, src.length, 0);
  acc = sum16(dst, 0, dst.length, acc);
  return acc + proto + (length >>> 16) + (length & 0xffff);
}

export function put16(out: Uint8Array, at: number, v: number): void {
  out[at] = (v >>> 8) & 0xff;
  out[at + 1] = v & 0xff;
}

export function put32(out: Uint8Array, at: number, v: number): void {
  out[at] = (v >>> 24) & 0xff;
  out[at + 1] = (v >>> 16) & 0xff;
  out[at + 2] = (v >>> 8) & 0xff;
  out[at + 3] = v & 0xff;
}

function vlanIds(spec: LinkSpec): number[] {
  return spec.vlan === undefined ? [] : typeof spec.vlan === 'number' ? [spec.vlan] : spec.vlan;
}

/** Bytes of link header (including VLAN tags) before the IP header. */
export function linkHeaderLength(spec: LinkSpec): number {
  const tags = vlanIds(spec).length * 4;
  switch (spec.link ?? 'ethernet') {
    case 'ethernet':
      return 14 + tags;
    case 'sll':
      return 16 + tags;
    case 'sll2':
      return 20 + tags;
    case 'null':
      return 4;
    case 'raw':
      return 0;
  }
}

const MAC_SRC = new Uint8Array([2, 0, 0, 0, 0, 1]);
const MAC_DST = new Uint8Array([2, 0, 0, 0, 0, 2]);

function mac(text: string | undefined, dflt: Uint8Array): Uint8Array {
  if (text === undefined) return dflt;
  const parts = text.split(':');
  if (parts.length !== 6) throw new TypeError(`packet builder: not a MAC address: ${JSON.stringify(text)}`);
  return new Uint8Array(parts.map((p) => parseInt(p, 16)));
}

/** Write the link header for an IP packet of `ipVersion` at out[0..linkHeaderLength). */
export function writeLinkHeader(out: Uint8Array, spec: LinkSpec, ipVersion: 4 | 6): void {
  const etherType = ipVersion === 4 ? 0x0800 : 0x86dd;
  const tags = vlanIds(spec);
  let o: number;
  switch (spec.link ?? 'ethernet') {
    case 'raw':
      return;
    case 'null':
      out[0] = ipVersion === 4 ? 2 : 30; // AF_INET / Darwin AF_INET6, little-endian host order
      out[1] = out[2] = out[3] = 0;
      return;
    case 'ethernet':
      out.set(mac(spec.dstMac, MAC_DST), 0);
      out.set(mac(spec.srcMac, MAC_SRC), 6);
      o = 12;
      break;
    case 'sll':
      put16(out, 0, 0); // packet type: to us
      put16(out, 2, 1); // ARPHRD_ETHER
      put16(out, 4, 6); // address length
      out.set(mac(spec.srcMac, MAC_SRC), 6);
      out[12] = out[13] = 0;
      o = 14;
      break;
    case 'sll2':
      put16(out, 2, 0); // reserved
      put32(out, 4, 1); // interface index
      put16(out, 8, 1); // ARPHRD_ETHER
      out[10] = 0; // packet type
      out[11] = 6; // address length
      out.set(mac(spec.srcMac, MAC_SRC), 12);
      out[18] = out[19] = 0;
      put16(out, 0, tags.length ? 0x8100 : etherType);
      o = 20;
      for (let i = 0; i < tags.length; i++, o += 4) {
        put16(out, o, tags[i] & 0x0fff);
        put16(out, o + 2, i + 1 < tags.length ? 0x8100 : etherType);
      }
      return;
  }
  for (let i = 0; i < tags.length; i++, o += 4) {
    put16(out, o, tags.length > 1 && i === 0 ? 0x88a8 : 0x8100);
    put16(out, o + 2, tags[i] & 0x0fff);
  }
  put16(out, o, etherType);
}
