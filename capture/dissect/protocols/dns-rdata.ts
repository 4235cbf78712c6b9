/**
 * Resource record data → item fields. Every record has the same keys (Kubeshark's plus
 * three of ours); the ones its type does not use are "":
 *  - `ip` (A, AAAA), `cname`, `ns`, `ptr`: strings;
 *  - `txts` (TXT): array of strings (character-strings decoded as UTF-8);
 *  - `soa`: {mname, rname, serial, refresh, retry, expire, minimum};
 *  - `srv`: {priority, weight, port, target};  `mx`: {preference, exchange};
 *  - `opt` (EDNS0, RFC 6891): {udpPayloadSize, extendedRcode, version, dnssecOk,
 *    options: [{code, data (hex)}]} — the record's `class` is "" and `ttl` 0;
 *  - `uri`: {priority, weight, target};
 *  - ours: `caa`: {flags, tag, value}; `svcb` (SVCB, HTTPS): {priority, target,
 *    params (hex of the SvcParams)}; `rdata`: hex of the data of any other type, or of a
 *    record whose data did not parse (`dns_bad_rdata`).
 */
import { formatIpv4, formatIpv6 } from '../../decode/ip-address.ts';
import type { NameReader } from './dns-name.ts';
import {
  TYPE_A, TYPE_AAAA, TYPE_CAA, TYPE_CNAME, TYPE_HTTPS, TYPE_MX, TYPE_NS, TYPE_OPT, TYPE_PTR, TYPE_SOA,
  TYPE_SRV, TYPE_SVCB, TYPE_TXT, TYPE_URI,
} from './dns-tables.ts';

export type DnsRecord = Record<string, any>;

export function emptyRecord(name: string, type: string, cls: string, ttl: number): DnsRecord {
  return { name, type, class: cls, ttl, ip: '', cname: '', ns: '', ptr: '', txts: '', soa: '', srv: '', mx: '', opt: '', uri: '', caa: '', svcb: '', rdata: '' };
}

function hex(b: Uint8Array, s: number, e: number): string {
  return Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('hex');
}

function u16(b: Uint8Array, o: number): number {
  return (b[o] << 8) | b[o + 1];
}

function u32(b: Uint8Array, o: number): number {
  return ((b[o] << 24) | (b[o + 1] << 16) | (b[o + 2] << 8) | b[o + 3]) >>> 0;
}

function utf8(b: Uint8Array, s: number, e: number): string {
  return Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('utf8');
}

/** A name inside rdata b[s, e): must end within the rdata. */
function nameAt(names: NameReader, msg: Uint8Array, s: number, e: number): string | null {
  return names.read(msg, s) && names.end <= e ? names.name : null;
}

/**
 * Fill `r` from the rdata msg[s, e) of a record of numeric `type`. Returns false when the
 * data is malformed (then `r.rdata` holds its hex).
 */
export function decodeRdata(r: DnsRecord, type: number, rawClass: number, ttl: number, msg: Uint8Array, s: number, e: number, names: NameReader): boolean {
  const len = e - s;
  switch (type) {
    case TYPE_A:
      if (len !== 4) return bad(r, msg, s, e);
      r.ip = formatIpv4(msg, s);
      return true;
    case TYPE_AAAA:
      if (len !== 16) return bad(r, msg, s, e);
      r.ip = formatIpv6(msg, s);
      return true;
    case TYPE_CNAME:
    case TYPE_NS:
    case TYPE_PTR: {
      const n = nameAt(names, msg, s, e);
      if (n === null) return bad(r, msg, s, e);
      r[type === TYPE_CNAME ? 'cname' : type === TYPE_NS ? 'ns' : 'ptr'] = n;
      return true;
    }
    case TYPE_MX: {
      const n = len >= 3 ? nameAt(names, msg, s + 2, e) : null;
      if (n === null) return bad(r, msg, s, e);
      r.mx = { preference: u16(msg, s), exchange: n };
      return true;
    }
    case TYPE_TXT: {
      const txts: string[] = [];
      let p = s;
      while (p < e) {
        const l = msg[p];
        if (p + 1 + l > e) return bad(r, msg, s, e);
        txts.push(utf8(msg, p + 1, p + 1 + l));
        p += 1 + l;
      }
      r.txts = txts;
      return true;
    }
    case TYPE_SOA: {
      const mname = nameAt(names, msg, s, e);
      if (mname === null) return bad(r, msg, s, e);
      const rname = nameAt(names, msg, names.end, e);
      const p = names.end;
      if (rname === null || p + 20 !== e) return bad(r, msg, s, e);
      r.soa = { mname, rname, serial: u32(msg, p), refresh: u32(msg, p + 4), retry: u32(msg, p + 8), expire: u32(msg, p + 12), minimum: u32(msg, p + 16) };
      return true;
    }
    case TYPE_SRV: {
      const target = len >= 7 ? nameAt(names, msg, s + 6, e) : null;
      if (target === null) return bad(r, msg, s, e);
      r.srv = { priority: u16(msg, s), weight: u16(msg, s + 2), port: u16(msg, s + 4), target };
      return true;
    }
    case TYPE_OPT:
      return decodeOpt(r, rawClass, ttl, msg, s, e);
    case TYPE_URI:
      if (len < 4) return bad(r, msg, s, e);
      r.uri = { priority: u16(msg, s), weight: u16(msg, s + 2), target: utf8(msg, s + 4, e) };
      return true;
    case TYPE_CAA: {
      const tl = len >= 2 ? msg[s + 1] : 0;
      if (len < 2 || s + 2 + tl > e) return bad(r, msg, s, e);
      r.caa = { flags: msg[s], tag: utf8(msg, s + 2, s + 2 + tl), value: utf8(msg, s + 2 + tl, e) };
      return true;
    }
    case TYPE_SVCB:
    case TYPE_HTTPS: {
      const target = len >= 3 ? nameAt(names, msg, s + 2, e) : null;
      if (target === null) return bad(r, msg, s, e);
      r.svcb = { priority: u16(msg, s), target, params: hex(msg, names.end, e) };
      return true;
    }
    default:
      r.rdata = hex(msg, s, e);
      return true;
  }
}

function decodeOpt(r: DnsRecord, rawClass: number, ttl: number, msg: Uint8Array, s: number, e: number): boolean {
  const options: { code: number; data: string }[] = [];
  let p = s;
  while (p < e) {
    if (p + 4 > e) return bad(r, msg, s, e);
    const code = u16(msg, p);
    const l = u16(msg, p + 2);
    if (p + 4 + l > e) return bad(r, msg, s, e);
    options.push({ code, data: hex(msg, p + 4, p + 4 + l) });
    p += 4 + l;
  }
  r.class = '';
  r.ttl = 0;
  r.opt = { udpPayloadSize: rawClass, extendedRcode: ttl >>> 24, version: (ttl >>> 16) & 0xff, dnssecOk: (ttl & 0x8000) !== 0, options };
  return true;
}

function bad(r: DnsRecord, msg: Uint8Array, s: number, e: number): false {
  r.rdata = hex(msg, s, e);
  return false;
}
