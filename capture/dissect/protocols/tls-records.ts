/**
 * The TLS record layer of one direction (RFC 8446 §5, RFC 5246 §6.2): 5-byte record
 * headers, then the fragment. Plaintext handshake fragments are reassembled into
 * handshake messages (a message may span records and segments, a record may hold several
 * messages); a message longer than `keepCap` is delivered with only its first `keepCap`
 * bytes. Once the parser marks the direction `encrypted`, handshake fragments are skipped;
 * application data is always skipped without copying. Alerts in plaintext are decoded.
 *
 * A record with an unknown content type, a version byte that is not 3, or a length beyond
 * 2^14 + 2048 stops the layer with `tls_bad_record`.
 */
import type { Direction } from '../../flow/flow.ts';

/** Receives the records of both directions (each call names its direction). */
export interface TlsRecordSink {
  /** Handshake message: type, body b[0, len) (kept part), declared length. View: copy what you keep. */
  onHandshake(dir: Direction, type: number, body: Uint8Array, declared: number, tsMs: number): void;
  onAlert(dir: Direction, level: number, description: number, tsMs: number): void;
  onChangeCipherSpec(dir: Direction, tsMs: number): void;
  /** Start of an application-data record (TLS 1.3: also every encrypted handshake record). */
  onApplicationData(dir: Direction, tsMs: number): void;
  onFail(weird: string): void;
}

const MAX_RECORD = 16384 + 2048;

export class TlsRecords {
  /** Set by the parser when this direction's handshake records become encrypted. */
  encrypted = false;
  stopped = false;
  private readonly sink: TlsRecordSink;
  private readonly dir: Direction;
  private readonly keepCap: number;
  private readonly head = new Uint8Array(5);
  private headLen = 0;
  private type = 0;
  /** Bytes of the current record's fragment still to come; -1 between records. */
  private left = -1;
  private readonly alert = new Uint8Array(2);
  private alertLen = 0;
  // Handshake reassembly.
  private readonly hsHead = new Uint8Array(4);
  private hsHeadLen = 0;
  private hsType = 0;
  private hsDeclared = 0;
  private hsHave = 0;
  private hsBuf = new Uint8Array(0);
  private hsTs = 0;
  private hsInBody = false;

  constructor(sink: TlsRecordSink, dir: Direction, keepCap: number) {
    this.sink = sink;
    this.dir = dir;
    this.keepCap = keepCap;
  }

  get partial(): boolean {
    return this.left > 0 || this.headLen > 0 || this.hsInBody || this.hsHeadLen > 0;
  }

  push(b: Uint8Array, tsMs: number): void {
    const n = b.length;
    let p = 0;
    while (p < n && !this.stopped) {
      if (this.left < 0) {
        const take = Math.min(5 - this.headLen, n - p);
        this.head.set(b.subarray(p, p + take), this.headLen);
        this.headLen += take;
        p += take;
        if (this.headLen < 5) return;
        this.headLen = 0;
        this.begin(tsMs);
        continue;
      }
      const take = Math.min(this.left, n - p);
      if (this.type === 22 && !this.encrypted) this.handshakeBytes(b, p, p + take, tsMs);
      else if (this.type === 21 && !this.encrypted) {
        for (let i = p; i < p + take && this.alertLen < 2; i++) this.alert[this.alertLen++] = b[i];
        if (this.alertLen === 2) {
          this.sink.onAlert(this.dir, this.alert[0], this.alert[1], tsMs);
          this.alertLen = 3;
        }
      }
      p += take;
      this.left -= take;
      if (this.left === 0) this.left = -1;
    }
  }

  private begin(tsMs: number): void {
    const h = this.head;
    const type = h[0];
    const len = (h[3] << 8) | h[4];
    if (type < 20 || type > 24 || h[1] !== 3 || len > MAX_RECORD) {
      this.stopped = true;
      return this.sink.onFail('tls_bad_record');
    }
    this.type = type;
    this.left = len === 0 ? -1 : len;
    this.alertLen = 0;
    if (type === 20) this.sink.onChangeCipherSpec(this.dir, tsMs);
    else if (type === 23) this.sink.onApplicationData(this.dir, tsMs);
  }

  private handshakeBytes(b: Uint8Array, s: number, e: number, tsMs: number): void {
    let p = s;
    while (p < e) {
      if (!this.hsInBody) {
        if (this.hsHeadLen === 0) this.hsTs = tsMs;
        const take = Math.min(4 - this.hsHeadLen, e - p);
        this.hsHead.set(b.subarray(p, p + take), this.hsHeadLen);
        this.hsHeadLen += take;
        p += take;
        if (this.hsHeadLen < 4) return;
        this.hsHeadLen = 0;
        this.hsType = this.hsHead[0];
        this.hsDeclared = (this.hsHead[1] << 16) | (this.hsHead[2] << 8) | this.hsHead[3];
        this.hsHave = 0;
        this.hsInBody = true;
        const keep = Math.min(this.hsDeclared, this.keepCap);
        if (this.hsBuf.length < keep) this.hsBuf = new Uint8Array(keep);
        if (this.hsDeclared === 0) this.finishMessage();
        continue;
      }
      const take = Math.min(this.hsDeclared - this.hsHave, e - p);
      const keep = Math.min(take, Math.max(0, Math.min(this.hsDeclared, this.keepCap) - this.hsHave));
      if (keep > 0) this.hsBuf.set(b.subarray(p, p + keep), this.hsHave);
      this.hsHave += take;
      p += take;
      if (this.hsHave === this.hsDeclared) this.finishMessage();
    }
  }

  private finishMessage(): void {
    this.hsInBody = false;
    const kept = Math.min(this.hsDeclared, this.keepCap);
    this.sink.onHandshake(this.dir, this.hsType, this.hsBuf.subarray(0, kept), this.hsDeclared, this.hsTs);
    if (this.hsBuf.length > 64 * 1024) this.hsBuf = new Uint8Array(0);
  }
}
