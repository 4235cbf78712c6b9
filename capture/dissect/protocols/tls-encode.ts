/**
 * TLS handshake encoding for unit tests and synthetic traffic: records, ClientHello and
 * ServerHello with the extensions the dissector reads (SNI, ALPN, supported_versions,
 * supported_groups, key_share), Certificate messages, and minimal DER certificates
 * (structurally valid X.509 with a dummy key and signature — for parsers, not for trust).
 */

const OID_DER: Record<string, number[]> = {
  CN: [0x55, 0x04, 0x03], C: [0x55, 0x04, 0x06], O: [0x55, 0x04, 0x0a], OU: [0x55, 0x04, 0x0b],
  SAN: [0x55, 0x1d, 0x11], SHA256_RSA: [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b],
  EC: [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01], P256: [0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07],
};

function der(tag: number, ...content: (number[] | Uint8Array)[]): number[] {
  const body = content.flatMap((c) => Array.from(c));
  const n = body.length;
  const len = n < 128 ? [n] : n < 256 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
  return [tag, ...len, ...body];
}

const seq = (...c: number[][]) => der(0x30, ...c);
const oid = (k: string) => der(0x06, OID_DER[k]);
const text = (s: string) => Array.from(Buffer.from(s, 'utf8'));

function rdn(name: [string, string][]): number[] {
  return seq(...name.map(([k, v]) => der(0x31, seq(oid(k), der(0x0c, text(v))))));
}

function utcTime(d: Date): number[] {
  const s = d.toISOString().replace(/[-:T]/g, '').slice(2, 14) + 'Z';
  return der(0x17, text(s));
}

export interface CertSpec {
  subject: [string, string][];
  issuer?: [string, string][];
  serial?: number;
  notBefore?: Date;
  notAfter?: Date;
  dnsNames?: string[];
}

/** A DER X.509 v3 certificate with `spec`'s names, validity and DNS subjectAltNames. */
export function certificateDer(spec: CertSpec): Uint8Array {
  const nb = spec.notBefore ?? new Date(Date.UTC(2026, 0, 1));
  const na = spec.notAfter ?? new Date(Date.UTC(2027, 0, 1));
  const spki = seq(seq(oid('EC'), oid('P256')), der(0x03, [0, 0x04, ...new Array(64).fill(7)]));
  const sans = (spec.dnsNames ?? []).map((n) => der(0x82, text(n)));
  const exts = sans.length ? [der(0xa3, seq(seq(oid('SAN'), der(0x04, seq(...sans)))))] : [];
  const tbs = seq(der(0xa0, der(0x02, [2])), der(0x02, [spec.serial ?? 1]), seq(oid('SHA256_RSA'), [5, 0]), rdn(spec.issuer ?? spec.subject), seq(utcTime(nb), utcTime(na)), rdn(spec.subject), spki, ...exts);
  return Uint8Array.from(seq(tbs, seq(oid('SHA256_RSA'), [5, 0]), der(0x03, [0, ...new Array(32).fill(9)])));
}

const u16 = (v: number) => [v >> 8, v & 0xff];
const u24 = (v: number) => [v >> 16, (v >> 8) & 0xff, v & 0xff];
const vec8 = (b: number[]) => [b.length, ...b];
const vec16 = (b: number[]) => [...u16(b.length), ...b];
const ext = (type: number, body: number[]) => [...u16(type), ...vec16(body)];

/** One TLS record. */
export function tlsRecord(type: number, body: Uint8Array | number[], version = 0x0303): Uint8Array {
  return Uint8Array.from([type, ...u16(version), ...u16(body.length), ...body]);
}

function handshake(type: number, body: number[]): number[] {
  return [type, ...u24(body.length), ...body];
}

export interface ClientHelloSpec {
  serverName?: string;
  alpn?: string[];
  versions?: number[];
  ciphers?: number[];
  groups?: number[];
  sessionId?: number[];
}

export function clientHello(s: ClientHelloSpec = {}): Uint8Array {
  const exts: number[] = [];
  if (s.serverName) exts.push(...ext(0, vec16([0, ...vec16(text(s.serverName))])));
  if (s.groups) exts.push(...ext(10, vec16(s.groups.flatMap(u16))));
  if (s.alpn) exts.push(...ext(16, vec16(s.alpn.flatMap((p) => vec8(text(p))))));
  if (s.versions) exts.push(...ext(43, vec8(s.versions.flatMap(u16))));
  if (s.groups) exts.push(...ext(51, vec16([...u16(s.groups[0]), ...vec16(new Array(32).fill(1))])));
  const body = [...u16(0x0303), ...new Array(32).fill(0x11), ...vec8(s.sessionId ?? []), ...vec16((s.ciphers ?? [0x1301, 0xc02f]).flatMap(u16)), 1, 0, ...vec16(exts)];
  return tlsRecord(22, handshake(1, body), 0x0301);
}

export interface ServerHelloSpec {
  version?: number;
  cipher?: number;
  alpn?: string;
  group?: number;
  sessionId?: number[];
  random?: Uint8Array;
}

/** ServerHello handshake message (not yet in a record: combine with others in `handshakeRecord`). */
export function serverHelloMessage(s: ServerHelloSpec = {}): number[] {
  const exts: number[] = [];
  if (s.version === 0x0304) exts.push(...ext(43, u16(0x0304)));
  if (s.alpn) exts.push(...ext(16, vec16(vec8(text(s.alpn)))));
  if (s.group !== undefined) exts.push(...ext(51, [...u16(s.group), ...vec16(new Array(32).fill(2))]));
  const random = s.random ? Array.from(s.random) : new Array(32).fill(0x22);
  return handshake(2, [...u16(0x0303), ...random, ...vec8(s.sessionId ?? []), ...u16(s.cipher ?? 0x1301), 0, ...vec16(exts)]);
}

export function certificateMessage(ders: Uint8Array[]): number[] {
  const list = ders.flatMap((d) => [...u24(d.length), ...d]);
  return handshake(11, [...u24(list.length), ...list]);
}

export const SERVER_HELLO_DONE = handshake(14, []);

/** Handshake messages in one record. */
export function handshakeRecord(...messages: number[][]): Uint8Array {
  return tlsRecord(22, messages.flat());
}

export const CHANGE_CIPHER_SPEC = tlsRecord(20, [1]);

export function applicationData(n: number): Uint8Array {
  return tlsRecord(23, new Array(n).fill(0xab));
}

export function alertRecord(level: number, description: number): Uint8Array {
  return tlsRecord(21, [level, description]);
}
