/**
 * TLS dissector: TCP, one item per handshake (tls-parser.ts documents the fields); the
 * encrypted payload is skipped. Items carry protocol `tls` with the negotiated version.
 * (`item.tls` stays false: it means "an L7 item carried over TLS", which needs decryption.)
 */
import type { ProtocolInfo } from '../../item.ts';
import { defineDissector, type DissectorDescriptor } from '../descriptor.ts';
import { detectTls } from './tls-detect.ts';
import { TlsParser } from './tls-parser.ts';
import { versionName } from './tls-tables.ts';

export const TLS_PROTOCOL: ProtocolInfo = Object.freeze({
  name: 'tls',
  version: '',
  abbr: 'TLS',
  longName: 'Transport Layer Security',
  macro: 'tls',
  backgroundColor: '#3f7d20',
  foregroundColor: '#ffffff',
  fontSize: 12,
  referenceLink: 'https://datatracker.ietf.org/doc/html/rfc8446',
  ports: Object.freeze(['443']) as string[],
  layer4: 'tcp',
  priority: 5,
});

const BY_VERSION = new Map<number, ProtocolInfo>();

/** The descriptor with `version` set to the negotiated version ("1.2", "1.3"; "" if unknown). */
export function tlsProtocolOf(version: number): ProtocolInfo {
  let p = BY_VERSION.get(version);
  if (p === undefined) {
    const name = version === 0 ? '' : versionName(version);
    p = Object.freeze({ ...TLS_PROTOCOL, version: name.startsWith('TLS ') ? name.slice(4) : name });
    if (BY_VERSION.size < 16) BY_VERSION.set(version, p);
  }
  return p;
}

export interface TlsOptions {
  /** Bytes of one handshake message kept (certificate chains). Default 64 KiB. */
  keepCap?: number;
}

export function createTlsDissector(o: TlsOptions = {}): DissectorDescriptor {
  const keepCap = o.keepCap ?? 64 * 1024;
  return defineDissector({
    id: 'tls',
    protocol: TLS_PROTOCOL,
    transport: 'tcp',
    ports: [443, 8443, 5671, 6443, 993, 995, 465, 636, 9093],
    pairing: 'none',
    detect: (bytes, dir) => detectTls(bytes, dir),
    createParser: (ctx) => new TlsParser(ctx, keepCap, tlsProtocolOf),
  });
}

export const tls = createTlsDissector();
