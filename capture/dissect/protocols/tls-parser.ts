/**
 * TLS flow parser: one item per handshake (the payload stays encrypted and is skipped).
 *
 *   request  = the ClientHello (tls-hello.ts)
 *   response = the ServerHello (tls-hello.ts) plus
 *     { resumed: boolean,                 // session id / ticket / PSK resumption
 *       certificate: CertificateInfo|null, // server leaf certificate (tls-x509.ts), visible up to TLS 1.2
 *       certificates: number,              // chain length (0 when not visible)
 *       clientCertificate: CertificateInfo|null,
 *       alerts: { level: 'warning'|'fatal', description, from: 'client'|'server' }[],
 *       handshakeMs: number|null }         // ClientHello → handshake complete
 *   protocol.version = negotiated version ("1.2", "1.3" ...); elapsedTime = ClientHello →
 *   ServerHello.
 *
 * The handshake is complete when both sides sent ChangeCipherSpec (TLS ≤ 1.2) or when the
 * client sends its first encrypted record after the ServerHello (TLS 1.3: its Finished).
 * The item is emitted then, or earlier at a plaintext alert (error `connection`), or at the
 * end of the flow or a capture gap if the handshake never completed (error `connection` /
 * `dissection`). A stream that breaks the record layer before any handshake message is
 * not TLS: violation.
 */
import type { Direction } from '../../flow/flow.ts';
import type { ItemError, Message, ProtocolInfo } from '../../item.ts';
import type { FlowParser, ParserContext } from '../descriptor.ts';
import { parseClientHello, parseServerHello } from './tls-hello.ts';
import { TlsRecords, type TlsRecordSink } from './tls-records.ts';
import { alertName } from './tls-tables.ts';
import { parseCertificate, type CertificateInfo } from './tls-x509.ts';

const TLS13 = 0x0304;

export class TlsParser implements FlowParser, TlsRecordSink {
  private readonly ctx: ParserContext;
  private readonly protocolOf: (version: number) => ProtocolInfo;
  private readonly records: [TlsRecords, TlsRecords];
  private request: Message | null = null;
  private clientSession = '';
  private response: Message | null = null;
  private version = 0;
  private readonly ccs = [-1, -1];
  private certificate: CertificateInfo | null = null;
  private clientCertificate: CertificateInfo | null = null;
  private certificates = 0;
  private readonly alerts: { level: string; description: string; from: string }[] = [];
  private messages = 0;
  private retried = false;
  private lastTs = 0;
  private emitted = false;

  constructor(ctx: ParserContext, keepCap: number, protocolOf: (version: number) => ProtocolInfo) {
    this.ctx = ctx;
    this.protocolOf = protocolOf;
    this.records = [new TlsRecords(this, 0, keepCap), new TlsRecords(this, 1, keepCap)];
  }

  data(dir: Direction, bytes: Uint8Array, tsMs: number): void {
    this.lastTs = tsMs;
    if (!this.records[dir].stopped) this.records[dir].push(bytes, tsMs);
  }

  gap(_dir: Direction, _length: number, tsMs: number): void {
    if (this.emitted) return;
    this.ctx.weird('tls_gap_in_handshake');
    this.complete(tsMs, { type: 'dissection', msg: 'capture gap during the TLS handshake' });
    this.records[0].stopped = this.records[1].stopped = true;
  }

  end(tsMs: number): void {
    if (!this.emitted && (this.request || this.response)) this.complete(tsMs, { type: 'connection', msg: 'the TLS handshake did not complete' });
  }

  onFail(weird: string): void {
    this.ctx.weird(weird);
    this.records[0].stopped = this.records[1].stopped = true;
    if (this.messages === 0) this.ctx.violate('not a TLS record stream');
    else if (!this.emitted) this.complete(this.lastTs, { type: 'dissection', msg: 'malformed TLS record' });
  }

  onHandshake(dir: Direction, type: number, body: Uint8Array, declared: number, tsMs: number): void {
    this.messages++;
    if (this.emitted) return;
    if (type === 1) {
      if (dir !== 0) return this.ctx.weird('tls_hello_wrong_direction');
      if (this.request) return; // the second ClientHello after a HelloRetryRequest
      const h = parseClientHello(body, 0, Math.min(body.length, declared));
      if (!h.ok && body.length === declared) this.ctx.weird('tls_bad_client_hello');
      this.clientSession = h.sessionId;
      this.request = { kind: 'request', tsMs, size: declared + 4, fields: h.fields };
    } else if (type === 2) {
      if (dir !== 1) return this.ctx.weird('tls_hello_wrong_direction');
      const h = parseServerHello(body, 0, body.length);
      if (!h.ok) this.ctx.weird('tls_bad_server_hello');
      // A HelloRetryRequest: the client sends a second ClientHello and the real ServerHello follows.
      if (h.fields.helloRetryRequest === true && this.response === null) {
        this.retried = true;
        this.version = h.version;
        return;
      }
      h.fields.helloRetryRequest = this.retried;
      this.version = h.version;
      const resumed = h.psk || (h.sessionId !== '' && h.sessionId === this.clientSession);
      this.response = { kind: 'response', tsMs, size: declared + 4, fields: { ...h.fields, resumed } };
      if (h.version === TLS13) this.records[1].encrypted = true;
    } else if (type === 11) {
      const certs = certificateList(body);
      if (dir === 1) {
        this.certificates = certs.count;
        this.certificate = certs.first;
      } else this.clientCertificate = certs.first;
      if (certs.count > 0 && certs.first === null && body.length === declared) this.ctx.weird('tls_bad_certificate');
    }
  }

  onAlert(dir: Direction, level: number, desc: number, tsMs: number): void {
    this.alerts.push({ level: level === 2 ? 'fatal' : 'warning', description: alertName(desc), from: dir === 0 ? 'client' : 'server' });
    if (!this.emitted && (this.request || this.response)) {
      this.complete(tsMs, { type: 'connection', msg: `TLS alert from the ${dir === 0 ? 'client' : 'server'}: ${alertName(desc)}` });
    }
  }

  onChangeCipherSpec(dir: Direction, tsMs: number): void {
    if (this.version === TLS13) return; // middlebox-compatibility record, not a key change
    this.records[dir].encrypted = true;
    this.ccs[dir] = tsMs;
    if (this.ccs[0] >= 0 && this.ccs[1] >= 0) this.complete(Math.max(this.ccs[0], this.ccs[1]), null);
  }

  onApplicationData(dir: Direction, tsMs: number): void {
    if (this.emitted || this.response === null) return;
    if (this.version !== TLS13 || dir === 0) this.complete(tsMs, null);
  }

  private complete(tsMs: number, error: ItemError | null): void {
    if (this.emitted) return;
    this.emitted = true;
    // Without either hello there is nothing to report (capture started mid-handshake).
    if (this.request === null && this.response === null) return;
    const res = this.response;
    if (res) {
      res.fields.certificate = this.certificate;
      res.fields.certificates = this.certificates;
      res.fields.clientCertificate = this.clientCertificate;
      res.fields.alerts = this.alerts;
      res.fields.handshakeMs = error === null && this.request ? Math.max(0, Math.round((tsMs - this.request.tsMs) * 1000) / 1000) : null;
    }
    this.ctx.item({ protocol: this.protocolOf(this.version), request: this.request, response: res, error });
  }
}

/** Count the certificates of a Certificate message (TLS ≤ 1.2 layout) and parse the first. */
function certificateList(b: Uint8Array): { count: number; first: CertificateInfo | null } {
  if (b.length < 3) return { count: 0, first: null };
  const total = Math.min(b.length, 3 + ((b[0] << 16) | (b[1] << 8) | b[2]));
  let count = 0;
  let first: CertificateInfo | null = null;
  for (let p = 3; p + 3 <= total; ) {
    const len = (b[p] << 16) | (b[p + 1] << 8) | b[p + 2];
    if (count === 0 && p + 3 + len <= total) first = parseCertificate(b.subarray(p + 3, p + 3 + len));
    count++;
    p += 3 + len;
  }
  return { count, first };
}
