/**
 * IP address text, formatted exactly as tshark prints it: IPv4 as a dotted quad, IPv6 per
 * RFC 5952 (lower case, no leading zeros, the longest run of two or more zero groups — the
 * first one on a tie — compressed to `::`) with glibc's mixed notation for IPv4-mapped
 * (`::ffff:1.2.3.4`) and IPv4-compatible (`::1.2.3.4`) addresses.
 *
 * Formatting is on the per-packet path, so both formatters sit behind a direct-mapped cache
 * keyed by the address words: a hit costs a few integer compares and no allocation.
 */

const V4_SLOTS = 4096;
const v4Keys = new Int32Array(V4_SLOTS);
const v4Strings: string[] = new Array<string>(V4_SLOTS).fill('');

/** Dotted-quad text of the 4 bytes at data[off..off+4). The caller checks bounds. */
export function formatIpv4(data: Uint8Array, off: number): string {
  const w = (data[off] << 24) | (data[off + 1] << 16) | (data[off + 2] << 8) | data[off + 3];
  const slot = (w ^ (w >>> 12) ^ (w >>> 20)) & (V4_SLOTS - 1);
  const hit = v4Strings[slot];
  if (hit !== '' && v4Keys[slot] === w) return hit;
  const s = data[off] + '.' + data[off + 1] + '.' + data[off + 2] + '.' + data[off + 3];
  v4Keys[slot] = w;
  v4Strings[slot] = s;
  return s;
}

/**
 * Hash key of an IPv4 address: its 32-bit value. Keys let the flow table hash packets
 * without touching the address text; equal addresses have equal keys, and
 * `ipAddressKeyOfText` gives the same key from the text.
 */
export function ipv4Key(data: Uint8Array, off: number): number {
  return (data[off] << 24) | (data[off + 1] << 16) | (data[off + 2] << 8) | data[off + 3];
}

/** Hash key of the IPv6 address at data[off..off+16): its four words mixed into 32 bits. */
export function ipv6Key(data: Uint8Array, off: number): number {
  const a = word32(data, off);
  const b = word32(data, off + 4);
  const c = word32(data, off + 8);
  const d = word32(data, off + 12);
  return Math.imul(a, 0x9e3779b1) ^ Math.imul(b, 0x85ebca6b) ^ Math.imul(c, 0xc2b2ae35) ^ d;
}

/** The key `ipv4Key`/`ipv6Key` give for the address written as `text` (0 if it is not one). */
export function ipAddressKeyOfText(text: string): number {
  const b = parseIp(text);
  if (b === undefined) return 0;
  return b.length === 4 ? ipv4Key(b, 0) : ipv6Key(b, 0);
}

const V6_SLOTS = 4096;
const v6Keys = new Int32Array(V6_SLOTS * 4);
const v6Strings: string[] = new Array<string>(V6_SLOTS).fill('');

function word32(d: Uint8Array, o: number): number {
  return (d[o] << 24) | (d[o + 1] << 16) | (d[o + 2] << 8) | d[o + 3];
}

/** RFC 5952 text of the 16 bytes at data[off..off+16). The caller checks bounds. */
export function formatIpv6(data: Uint8Array, off: number): string {
  const a = word32(data, off);
  const b = word32(data, off + 4);
  const c = word32(data, off + 8);
  const d = word32(data, off + 12);
  const slot = (a ^ (b * 31) ^ (c * 131) ^ d ^ (d >>> 13) ^ (d >>> 21)) & (V6_SLOTS - 1);
  const k = slot * 4;
  const hit = v6Strings[slot];
  if (hit !== '' && v6Keys[k] === a && v6Keys[k + 1] === b && v6Keys[k + 2] === c && v6Keys[k + 3] === d) return hit;
  const s = formatIpv6Slow(data, off);
  v6Keys[k] = a;
  v6Keys[k + 1] = b;
  v6Keys[k + 2] = c;
  v6Keys[k + 3] = d;
  v6Strings[slot] = s;
  return s;
}

function formatIpv6Slow(data: Uint8Array, off: number): string {
  const g = [0, 0, 0, 0, 0, 0, 0, 0];
  for (let i = 0; i < 8; i++) g[i] = (data[off + 2 * i] << 8) | data[off + 2 * i + 1];
  let best = -1;
  let bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (g[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && g[j] === 0) j++;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestLen < 2) best = -1;
  const mixed = best === 0 && (bestLen === 6 || (bestLen === 5 && g[5] === 0xffff));
  const groups = mixed ? 6 : 8;
  const hex = (from: number, to: number): string => g.slice(from, to).map((x) => x.toString(16)).join(':');
  let s = best < 0 ? hex(0, groups) : hex(0, best) + '::' + hex(best + bestLen, groups);
  if (mixed) {
    if (!s.endsWith(':')) s += ':';
    s += data[off + 12] + '.' + data[off + 13] + '.' + data[off + 14] + '.' + data[off + 15];
  }
  return s;
}

/**
 * Parse IPv4 dotted-quad or IPv6 text (with `::` and an embedded IPv4 tail) into 4 or 16
 * bytes. Returns undefined for anything else. Used by builders and configuration, not per
 * packet.
 */
export function parseIp(text: string): Uint8Array | undefined {
  return text.includes(':') ? parseIpv6(text) : parseIpv4(text);
}

function parseIpv4(text: string): Uint8Array | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const out = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    if (!/^\d{1,3}$/.test(parts[i])) return undefined;
    const n = Number(parts[i]);
    if (n > 255) return undefined;
    out[i] = n;
  }
  return out;
}

function parseIpv6(text: string): Uint8Array | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const words = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const items = part.split(':');
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (i === items.length - 1 && item.includes('.')) {
        const v4 = parseIpv4(item);
        if (!v4) return undefined;
        out.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(item)) {
        out.push(parseInt(item, 16));
      } else {
        return undefined;
      }
    }
    return out;
  };
  const head = words(halves[0]);
  const tail = halves.length === 2 ? words(halves[1]) : [];
  if (!head || !tail) return undefined;
  const fill = 8 - head.length - tail.length;
  if (halves.length === 2 ? fill < 1 : fill !== 0) return undefined;
  const all = [...head, ...new Array<number>(halves.length === 2 ? fill : 0).fill(0), ...tail];
  const out = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    out[2 * i] = all[i] >>> 8;
    out[2 * i + 1] = all[i] & 0xff;
  }
  return out;
}
