/**
 * DNS code points as text (IANA "Domain Name System (DNS) Parameters"). Unknown values
 * print as `TYPE<n>` / `CLASS<n>` (RFC 3597 style), `Opcode<n>` and `RCODE<n>`.
 */

const TYPES: Record<number, string> = {
  1: 'A', 2: 'NS', 5: 'CNAME', 6: 'SOA', 12: 'PTR', 13: 'HINFO', 15: 'MX', 16: 'TXT', 17: 'RP',
  18: 'AFSDB', 24: 'SIG', 25: 'KEY', 28: 'AAAA', 29: 'LOC', 33: 'SRV', 35: 'NAPTR', 36: 'KX',
  37: 'CERT', 39: 'DNAME', 41: 'OPT', 42: 'APL', 43: 'DS', 44: 'SSHFP', 45: 'IPSECKEY',
  46: 'RRSIG', 47: 'NSEC', 48: 'DNSKEY', 49: 'DHCID', 50: 'NSEC3', 51: 'NSEC3PARAM', 52: 'TLSA',
  53: 'SMIMEA', 55: 'HIP', 59: 'CDS', 60: 'CDNSKEY', 61: 'OPENPGPKEY', 62: 'CSYNC', 63: 'ZONEMD',
  64: 'SVCB', 65: 'HTTPS', 99: 'SPF', 108: 'EUI48', 109: 'EUI64', 249: 'TKEY', 250: 'TSIG',
  251: 'IXFR', 252: 'AXFR', 255: 'ANY', 256: 'URI', 257: 'CAA',
};

const CLASSES: Record<number, string> = { 1: 'IN', 2: 'CS', 3: 'CH', 4: 'HS', 254: 'NONE', 255: 'ANY' };

const OPCODES: Record<number, string> = { 0: 'Query', 1: 'IQuery', 2: 'Status', 4: 'Notify', 5: 'Update', 6: 'DSO' };

const RCODES: Record<number, string> = {
  0: 'No Error', 1: 'Format Error', 2: 'Server Failure', 3: 'Name Error', 4: 'Not Implemented',
  5: 'Refused', 6: 'YX Domain', 7: 'YX RR Set', 8: 'NX RR Set', 9: 'Not Auth', 10: 'Not Zone',
  11: 'DSO Type Not Implemented', 16: 'Bad OPT Version', 17: 'Bad Key', 18: 'Bad Time',
  19: 'Bad Mode', 20: 'Bad Name', 21: 'Bad Algorithm', 22: 'Bad Truncation', 23: 'Bad Cookie',
};

export const TYPE_A = 1;
export const TYPE_NS = 2;
export const TYPE_CNAME = 5;
export const TYPE_SOA = 6;
export const TYPE_PTR = 12;
export const TYPE_MX = 15;
export const TYPE_TXT = 16;
export const TYPE_AAAA = 28;
export const TYPE_SRV = 33;
export const TYPE_OPT = 41;
export const TYPE_SVCB = 64;
export const TYPE_HTTPS = 65;
export const TYPE_URI = 256;
export const TYPE_CAA = 257;

export function typeName(t: number): string {
  return TYPES[t] ?? `TYPE${t}`;
}

/** Class text; the top bit (mDNS cache-flush / unicast-response) is ignored. */
export function className(c: number): string {
  const v = c & 0x7fff;
  return CLASSES[v] ?? `CLASS${v}`;
}

export function opcodeName(op: number): string {
  return OPCODES[op] ?? `Opcode${op}`;
}

export function isKnownOpcode(op: number): boolean {
  return OPCODES[op] !== undefined;
}

export function rcodeName(rc: number): string {
  return RCODES[rc] ?? `RCODE${rc}`;
}
