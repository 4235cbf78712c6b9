/**
 * ClientHello and ServerHello bodies (RFC 8446 §4.1.2–4.1.3, RFC 5246 §7.4.1), read with
 * bounds checks; a hello that runs past its end returns what was read with `ok: false`.
 *
 * ClientHello → item request:
 *   { version, serverName, alpn: string[], supportedVersions: string[], cipherSuites: string[],
 *     supportedGroups: string[], keyShares: string[], extensions: string[], sessionId }
 * ServerHello → item response (the parser adds certificate, alerts, handshakeMs ...):
 *   { version, cipherSuite, alpn, keyShare, extensions: string[], sessionId,
 *     helloRetryRequest: boolean }
 * `version` of a ServerHello is the negotiated one (supported_versions when present);
 * `alpn` is the selected protocol, visible up to TLS 1.2 only (TLS 1.3 sends it in the
 * encrypted EncryptedExtensions: ""); names come from tls-tables.ts; GREASE values are left
 * out; `sessionId` is hex.
 */
import { cipherSuiteName, extensionName, groupName, HRR_RANDOM, isGrease, versionName } from './tls-tables.ts';

class Cursor {
  p: number;
  end: number;
  ok = true;
  constructor(readonly b: Uint8Array, p: number, end: number) {
    this.p = p;
    this.end = end;
  }
  u8(): number {
    if (this.p >= this.end) return this.fail();
    return this.b[this.p++];
  }
  u16(): number {
    if (this.p + 2 > this.end) return this.fail();
    const v = (this.b[this.p] << 8) | this.b[this.p + 1];
    this.p += 2;
    return v;
  }
  /** Sub-range of `n` bytes; the cursor moves past it. */
  sub(n: number): Cursor {
    const c = new Cursor(this.b, this.p, this.p + n);
    if (this.p + n > this.end) {
      this.fail();
      c.end = c.p;
      c.ok = false;
    } else this.p += n;
    return c;
  }
  text(n: number): string {
    const c = this.sub(n);
    return Buffer.from(this.b.buffer, this.b.byteOffset + c.p, c.end - c.p).toString('latin1');
  }
  hex(n: number): string {
    const c = this.sub(n);
    return Buffer.from(this.b.buffer, this.b.byteOffset + c.p, c.end - c.p).toString('hex');
  }
  private fail(): number {
    this.ok = false;
    this.p = this.end;
    return 0;
  }
}

function u16List(c: Cursor, name: (v: number) => string): string[] {
  const out: string[] = [];
  while (c.p + 2 <= c.end) {
    const v = c.u16();
    if (!isGrease(v)) out.push(name(v));
  }
  return out;
}

export interface ClientHelloInfo {
  fields: Record<string, unknown>;
  sessionId: string;
  ok: boolean;
}

export function parseClientHello(b: Uint8Array, start: number, end: number): ClientHelloInfo {
  const c = new Cursor(b, start, end);
  const version = c.u16();
  c.sub(32);
  const sessionId = c.hex(c.u8());
  const cipherSuites = u16List(c.sub(c.u16()), cipherSuiteName);
  c.sub(c.u8());
  const f: Record<string, unknown> = {
    version: versionName(version), serverName: '', alpn: [] as string[], supportedVersions: [] as string[], cipherSuites,
    supportedGroups: [] as string[], keyShares: [] as string[], extensions: [] as string[], sessionId,
  };
  const exts = c.p < c.end ? c.sub(c.u16()) : c.sub(0);
  while (exts.p + 4 <= exts.end) {
    const type = exts.u16();
    const e = exts.sub(exts.u16());
    if (!isGrease(type)) (f.extensions as string[]).push(extensionName(type));
    if (type === 0) {
      const list = e.sub(e.u16());
      while (list.p + 3 <= list.end) {
        const kind = list.u8();
        const host = list.text(list.u16());
        if (kind === 0 && f.serverName === '') f.serverName = host;
      }
    } else if (type === 16) {
      const list = e.sub(e.u16());
      while (list.p < list.end) (f.alpn as string[]).push(list.text(list.u8()));
    } else if (type === 43) f.supportedVersions = u16List(e.sub(e.u8()), versionName);
    else if (type === 10) f.supportedGroups = u16List(e.sub(e.u16()), groupName);
    else if (type === 51) {
      const list = e.sub(e.u16());
      while (list.p + 4 <= list.end) {
        const g = list.u16();
        list.sub(list.u16());
        if (!isGrease(g)) (f.keyShares as string[]).push(groupName(g));
      }
    }
  }
  return { fields: f, sessionId, ok: c.ok && exts.ok };
}

export interface ServerHelloInfo {
  fields: Record<string, unknown>;
  /** Negotiated version number (0x0304 for TLS 1.3). */
  version: number;
  sessionId: string;
  /** A pre_shared_key was accepted (TLS 1.3 resumption). */
  psk: boolean;
  ok: boolean;
}

export function parseServerHello(b: Uint8Array, start: number, end: number): ServerHelloInfo {
  const c = new Cursor(b, start, end);
  let version = c.u16();
  const random = c.sub(32);
  let hrr = random.end - random.p === 32;
  for (let i = 0; hrr && i < 32; i++) hrr = b[random.p + i] === HRR_RANDOM[i];
  const sessionId = c.hex(c.u8());
  const suite = c.u16();
  c.u8();
  const f: Record<string, unknown> = { version: '', cipherSuite: cipherSuiteName(suite), alpn: '', keyShare: '', extensions: [] as string[], sessionId, helloRetryRequest: hrr };
  let psk = false;
  const exts = c.p < c.end ? c.sub(c.u16()) : c.sub(0);
  while (exts.p + 4 <= exts.end) {
    const type = exts.u16();
    const e = exts.sub(exts.u16());
    (f.extensions as string[]).push(extensionName(type));
    if (type === 43) version = e.u16();
    else if (type === 16) {
      const list = e.sub(e.u16());
      f.alpn = list.text(list.u8());
    } else if (type === 51) f.keyShare = groupName(e.u16());
    else if (type === 41) psk = true;
  }
  f.version = versionName(version);
  return { fields: f, version, sessionId, psk, ok: c.ok && exts.ok };
}
