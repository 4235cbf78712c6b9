/**
 * Resumable RESP2/RESP3 reader for one direction of a Redis connection. Bytes arrive in
 * arbitrary pieces (TCP segments); the reader keeps only what it must across pieces: the
 * current line when it is split, the kept prefix of a bulk string, and the stack of open
 * aggregates. A bulk string longer than `bulkCap` is counted but only its first `bulkCap`
 * bytes are kept, so a 512 MB value costs no more memory than a small one.
 *
 * Values: scalars are strings (simple, bulk, verbatim, errors, big numbers), numbers
 * (integers that fit, doubles), booleans and null; aggregates are `RespAgg`. Attributes
 * (`|`) are read and dropped. In the client direction a line that does not start with a
 * RESP type byte is an inline command (`PING\r\n`), read as an aggregate of words.
 *
 * Every complete top-level value goes to `onValue`. Malformed input calls `onFail` once
 * with a weird name; the reader then ignores everything (the parser violates the flow).
 */
import { intOf, RespAgg, textOf, type RespValue } from './redis-values.ts';

export { RespAgg, type RespValue } from './redis-values.ts';

export interface RespLimits {
  /** Bulk-string bytes kept per value. */
  bulkCap: number;
  /** Longest line (simple string, error, inline command) before `redis_line_too_long`. */
  lineCap: number;
  /** Elements kept per aggregate (the rest are read and counted only). */
  keepItems: number;
  /** Deepest nesting before `redis_too_deep`. */
  maxDepth: number;
}

/** Receives the values of both directions; `client` tells which reader produced a value. */
export interface RespSink {
  onValue(client: boolean, v: RespValue, type: string, size: number, tsMs: number): void;
  onFail(weird: string): void;
}

const LINE = 0;
const BULK = 1;
const BULK_CRLF = 2;
const MAX_DECLARED = 1 << 30;

export class RespReader {
  private readonly sink: RespSink;
  private readonly lim: RespLimits;
  private readonly inline: boolean;
  private mode = LINE;
  private line = new Uint8Array(64);
  private lineLen = 0;
  private readonly stack: RespAgg[] = [];
  private bulkType = '';
  private bulkLeft = 0;
  private bulk: Uint8Array = new Uint8Array(0);
  private bulkLen = 0;
  private bulkDeclared = 0;
  private crlfLeft = 0;
  private inMsg = false;
  private msgTs = 0;
  private msgSize = 0;
  private msgType = '';
  failed = false;

  /** `inline`: this reads the client side, where inline commands are allowed. */
  constructor(sink: RespSink, lim: RespLimits, inline: boolean) {
    this.sink = sink;
    this.lim = lim;
    this.inline = inline;
  }

  /** A message is partly read. */
  get partial(): boolean {
    return this.inMsg;
  }

  push(b: Uint8Array, tsMs: number): void {
    const n = b.length;
    let p = 0;
    while (p < n && !this.failed) {
      if (!this.inMsg) {
        this.inMsg = true;
        this.msgTs = tsMs;
        this.msgSize = 0;
        this.msgType = '';
      }
      if (this.mode === BULK) {
        // Fast path: the whole string and its CRLF are in this chunk — decode in place.
        if (this.bulkLen === 0 && this.bulkLeft === this.bulkDeclared && this.bulkLeft <= this.lim.bulkCap && n - p >= this.bulkLeft + 2) {
          const e = p + this.bulkLeft;
          if (b[e] !== 0x0d || b[e + 1] !== 0x0a) return this.fail('redis_bad_bulk_terminator');
          this.msgSize += this.bulkLeft + 2;
          this.mode = LINE;
          const v = this.bulkType === '=' && e - p >= 4 && b[p + 3] === 0x3a ? textOf(b, p + 4, e) : textOf(b, p, e);
          p = e + 2;
          this.complete(v, this.bulkType);
          continue;
        }
        const take = Math.min(n - p, this.bulkLeft);
        if (this.bulkLen === 0 && this.bulkLeft === this.bulkDeclared) this.sizeBulkBuffer();
        const keep = Math.min(take, Math.min(this.bulkDeclared, this.lim.bulkCap) - this.bulkLen);
        if (keep > 0) {
          this.bulk.set(b.subarray(p, p + keep), this.bulkLen);
          this.bulkLen += keep;
        }
        p += take;
        this.msgSize += take;
        this.bulkLeft -= take;
        if (this.bulkLeft === 0) {
          this.mode = BULK_CRLF;
          this.crlfLeft = 2;
        }
      } else if (this.mode === BULK_CRLF) {
        const c = b[p++];
        this.msgSize++;
        if (c !== (this.crlfLeft === 2 ? 0x0d : 0x0a)) return this.fail('redis_bad_bulk_terminator');
        if (--this.crlfLeft === 0) {
          this.mode = LINE;
          this.complete(this.bulkValue(), this.bulkType);
        }
      } else {
        const nl = b.indexOf(0x0a, p);
        if (nl < 0) {
          this.appendLine(b, p, n);
          this.msgSize += n - p;
          p = n;
          break;
        }
        this.msgSize += nl + 1 - p;
        if (this.lineLen === 0) this.handleLine(b, p, nl);
        else {
          this.appendLine(b, p, nl);
          if (this.failed) return;
          const len = this.lineLen;
          this.lineLen = 0;
          this.handleLine(this.line, 0, len);
        }
        p = nl + 1;
      }
    }
  }

  /** Forget any partial message (after a gap the framing is lost). */
  reset(): void {
    this.mode = LINE;
    this.lineLen = 0;
    this.stack.length = 0;
    this.inMsg = false;
  }

  private fail(weird: string): void {
    if (this.failed) return;
    this.failed = true;
    this.sink.onFail(weird);
  }

  private appendLine(b: Uint8Array, s: number, e: number): void {
    const need = this.lineLen + (e - s);
    if (need > this.lim.lineCap) return this.fail('redis_line_too_long');
    if (need > this.line.length) {
      const next = new Uint8Array(Math.min(this.lim.lineCap, Math.max(need, this.line.length * 2)));
      next.set(this.line.subarray(0, this.lineLen));
      this.line = next;
    }
    this.line.set(b.subarray(s, e), this.lineLen);
    this.lineLen = need;
  }

  /** One line b[s, nl) without its '\n' (a trailing '\r' is dropped). */
  private handleLine(b: Uint8Array, s: number, nl: number): void {
    let e = nl;
    if (e > s && b[e - 1] === 0x0d) e--;
    if (e - s > this.lim.lineCap) return this.fail('redis_line_too_long');
    if (e === s) {
      // Blank lines between inline commands are legal and ignored.
      if (this.inline && this.stack.length === 0) this.inMsg = false;
      else this.fail('redis_empty_line');
      return;
    }
    const t = String.fromCharCode(b[s]);
    switch (t) {
      case '+':
      case '-':
      case '(':
        return this.complete(textOf(b, s + 1, e), t);
      case ':': {
        const v = intOf(b, s + 1, e);
        return Number.isNaN(v) ? this.fail('redis_bad_integer') : this.complete(Number.isSafeInteger(v) ? v : textOf(b, s + 1, e), t);
      }
      case ',': {
        const txt = textOf(b, s + 1, e);
        const v = Number(txt);
        return this.complete(Number.isNaN(v) && txt !== 'nan' ? txt : v, t);
      }
      case '#':
        return e - s === 2 && (b[s + 1] === 0x74 || b[s + 1] === 0x66) ? this.complete(b[s + 1] === 0x74, t) : this.fail('redis_bad_boolean');
      case '_':
        return this.complete(null, t);
      case '$':
      case '!':
      case '=':
        return this.startBulk(t, intOf(b, s + 1, e));
      case '*':
      case '%':
      case '~':
      case '>':
      case '|':
        return this.startAggregate(t, intOf(b, s + 1, e));
      default:
        if (this.inline && this.stack.length === 0) return this.inlineCommand(b, s, e);
        return this.fail('redis_bad_type');
    }
  }

  private startBulk(t: string, len: number): void {
    if (Number.isNaN(len) || len < -1 || len > MAX_DECLARED * 2) return this.fail('redis_bad_length');
    if (len === -1) return this.complete(null, t);
    this.bulkType = t;
    this.bulkDeclared = len;
    this.bulkLeft = len;
    this.bulkLen = 0;
    this.mode = len === 0 ? BULK_CRLF : BULK;
    this.crlfLeft = 2;
  }

  /** The kept-bytes buffer for a string that spans chunks (reused unless far too big). */
  private sizeBulkBuffer(): void {
    const keep = Math.min(this.bulkDeclared, this.lim.bulkCap);
    if (this.bulk.length < keep || this.bulk.length > Math.max(4096, keep * 4)) this.bulk = new Uint8Array(Math.max(keep, 64));
  }

  private bulkValue(): string {
    // Verbatim strings start with a 3-letter format and ':' ("txt:hello").
    const skip = this.bulkType === '=' && this.bulkLen >= 4 && this.bulk[3] === 0x3a ? 4 : 0;
    return this.bulkDeclared === 0 ? '' : textOf(this.bulk, skip, this.bulkLen);
  }

  private startAggregate(t: string, len: number): void {
    if (Number.isNaN(len) || len < -1 || len > MAX_DECLARED) return this.fail('redis_bad_length');
    if (len === -1) return this.complete(null, t);
    if (this.stack.length >= this.lim.maxDepth) return this.fail('redis_too_deep');
    const count = t === '%' || t === '|' ? len * 2 : len;
    const agg = new RespAgg(t, count);
    if (count === 0) return this.complete(agg, t);
    this.stack.push(agg);
    if (this.stack.length === 1 && t !== '|') this.msgType = t;
  }

  private inlineCommand(b: Uint8Array, s: number, e: number): void {
    const words = textOf(b, s, e).trim().split(/\s+/);
    const agg = new RespAgg('i', words.length);
    for (const w of words) agg.items.push(w);
    agg.remaining = 0;
    this.complete(agg, 'i');
  }

  /** A value is complete: add it to the open aggregate, or emit it when at the top. */
  private complete(v: RespValue, t: string): void {
    for (;;) {
      const top = this.stack.length > 0 ? this.stack[this.stack.length - 1] : null;
      if (top === null) {
        // A top-level attribute only annotates the reply that follows it.
        if (t === '|') return;
        this.inMsg = false;
        this.sink.onValue(this.inline, v, this.msgType || t, this.msgSize, this.msgTs);
        return;
      }
      if (t !== '|') {
        if (top.items.length < this.lim.keepItems) top.items.push(v);
        top.remaining--;
      }
      if (top.remaining > 0) return;
      this.stack.pop();
      v = top;
      t = top.t;
    }
  }
}
