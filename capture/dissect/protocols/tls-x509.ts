/**
 * Just enough DER to describe an X.509 certificate seen in a TLS ≤ 1.2 handshake:
 *
 *   { subject: string,            // "CN=api.example.com, O=Example" (RDNs in encoded order)
 *     issuer: string,
 *     serialNumber: string,       // hex
 *     notBefore: string,          // ISO 8601
 *     notAfter: string,
 *     subjectAltNames: string[] } // DNS names, IPs, e-mails, URIs
 *
 * Every read is bounds-checked; a certificate that does not parse yields null (the caller
 * counts `tls_bad_certificate`).
 */

export interface CertificateInfo {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  subjectAltNames: string[];
}

interface Tlv {
  tag: number;
  start: number;
  end: number;
}

/** The TLV at b[p..end), or null when it does not fit. */
function tlv(b: Uint8Array, p: number, end: number): Tlv | null {
  if (p + 2 > end) return null;
  const tag = b[p];
  let len = b[p + 1];
  let q = p + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    if (n === 0 || n > 4 || q + n > end) return null;
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[q + i];
    q += n;
  }
  return q + len > end ? null : { tag, start: q, end: q + len };
}

/** The children of a constructed TLV. */
function children(b: Uint8Array, t: Tlv): Tlv[] | null {
  const out: Tlv[] = [];
  for (let p = t.start; p < t.end; ) {
    const c = tlv(b, p, t.end);
    if (!c) return null;
    out.push(c);
    p = c.end;
  }
  return out;
}

const OIDS: Record<string, string> = {
  '2.5.4.3': 'CN', '2.5.4.6': 'C', '2.5.4.7': 'L', '2.5.4.8': 'ST', '2.5.4.10': 'O', '2.5.4.11': 'OU', '2.5.4.5': 'serialNumber',
  '1.2.840.113549.1.9.1': 'emailAddress', '0.9.2342.19200300.100.1.25': 'DC', '2.5.4.9': 'street', '2.5.4.17': 'postalCode',
};

function oid(b: Uint8Array, t: Tlv): string {
  if (t.end <= t.start) return '';
  const parts = [Math.floor(b[t.start] / 40), b[t.start] % 40];
  let v = 0;
  for (let i = t.start + 1; i < t.end; i++) {
    v = v * 128 + (b[i] & 0x7f);
    if ((b[i] & 0x80) === 0) {
      parts.push(v);
      v = 0;
    }
  }
  return parts.join('.');
}

function str(b: Uint8Array, t: Tlv): string {
  const v = Buffer.from(b.buffer, b.byteOffset + t.start, t.end - t.start);
  // BMPString is UTF-16BE.
  if (t.tag === 0x1e) return v.length % 2 === 0 ? Buffer.from(v).swap16().toString('utf16le') : '';
  return t.tag === 0x0c ? v.toString('utf8') : v.toString('latin1');
}

function name(b: Uint8Array, t: Tlv): string | null {
  const rdns = children(b, t);
  if (!rdns) return null;
  const out: string[] = [];
  for (const rdn of rdns) {
    for (const atv of children(b, rdn) ?? []) {
      const kv = children(b, atv);
      if (!kv || kv.length < 2 || kv[0].tag !== 0x06) return null;
      const id = oid(b, kv[0]);
      out.push(`${OIDS[id] ?? id}=${str(b, kv[1])}`);
    }
  }
  return out.join(', ');
}

function time(b: Uint8Array, t: Tlv): string {
  const s = Buffer.from(b.buffer, b.byteOffset + t.start, t.end - t.start).toString('latin1');
  const full = t.tag === 0x17 ? (Number(s.slice(0, 2)) >= 50 ? '19' : '20') + s : s;
  const m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?/.exec(full);
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6] ?? '00'}Z` : s;
}

function altNames(b: Uint8Array, ext: Tlv): string[] {
  const seq = tlv(b, ext.start, ext.end);
  const out: string[] = [];
  for (const g of (seq && children(b, seq)) ?? []) {
    const n = g.end - g.start;
    if (g.tag === 0x82 || g.tag === 0x81 || g.tag === 0x86) out.push(Buffer.from(b.buffer, b.byteOffset + g.start, n).toString('latin1'));
    else if (g.tag === 0x87 && n === 4) out.push(Array.from(b.subarray(g.start, g.end)).join('.'));
    else if (g.tag === 0x87 && n === 16) {
      const groups: string[] = [];
      for (let i = g.start; i < g.end; i += 2) groups.push(((b[i] << 8) | b[i + 1]).toString(16));
      out.push(groups.join(':'));
    }
  }
  return out;
}

export function parseCertificate(b: Uint8Array): CertificateInfo | null {
  const cert = tlv(b, 0, b.length);
  if (!cert || cert.tag !== 0x30) return null;
  const tbs = tlv(b, cert.start, cert.end);
  if (!tbs || tbs.tag !== 0x30) return null;
  const f = children(b, tbs);
  if (!f) return null;
  let i = f.length > 0 && f[0].tag === 0xa0 ? 1 : 0;
  if (f.length < i + 6) return null;
  const serial = f[i++];
  i++; // signature algorithm
  const issuer = name(b, f[i++]);
  const validity = children(b, f[i++]);
  const subject = name(b, f[i++]);
  if (issuer === null || subject === null || !validity || validity.length < 2) return null;
  const sans: string[] = [];
  for (const x of f.slice(i + 1)) {
    if (x.tag !== 0xa3) continue;
    const seq = tlv(b, x.start, x.end);
    for (const e of (seq && children(b, seq)) ?? []) {
      const parts = children(b, e);
      if (parts && parts.length >= 2 && oid(b, parts[0]) === '2.5.29.17') sans.push(...altNames(b, parts[parts.length - 1]));
    }
  }
  return {
    subject,
    issuer,
    serialNumber: Buffer.from(b.buffer, b.byteOffset + serial.start, serial.end - serial.start).toString('hex'),
    notBefore: time(b, validity[0]),
    notAfter: time(b, validity[1]),
    subjectAltNames: sans,
  };
}
