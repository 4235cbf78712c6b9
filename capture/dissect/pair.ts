/**
 * Request/response pairing for one parser on one flow (DESIGN.md §2).
 *
 * Contract:
 *  - `fifo`: responses answer requests in order. A response with no pending request
 *    (capture started mid-stream) is emitted alone (`request: null`).
 *  - `key`: a response pairs with the oldest pending request carrying the same `key`; a
 *    request whose key is already pending evicts the older one, emitted unpaired
 *    (`dissect_pair_duplicate_key`).
 *  - `none`: every message is emitted as an item of its own.
 *  - At most `maxPending` requests wait; on overflow the oldest is emitted unpaired with
 *    error `pair-not-found` and weird `dissect_pair_overflow`.
 *  - Timeouts run on packet time, checked lazily on every new message and at `flush`:
 *    a request older than `timeoutMs` is emitted with error `timeout`. A response first
 *    pairs (however late it is), then the remaining requests are checked. In `fifo` mode the
 *    response that eventually answers a timed-out request is emitted alone, so later
 *    responses still pair with the right requests.
 *  - `flush` (flow end, violation, handoff) emits every pending request unpaired with
 *    error `pair-not-found` (or `timeout` when it is older than the timeout).
 */
import type { ItemError, Message } from '../item.ts';
import type { Pairing } from './descriptor.ts';

export type EmitPair = (req: Message | null, res: Message | null, error: ItemError | null) => void;

/**
 * `emit` and `weird` are called as methods of the options object, so it may be a class
 * instance (one object per flow, no closures) as well as a literal with arrow functions.
 */
export interface PairerOptions {
  mode: Pairing;
  /** Outstanding requests kept per flow. Default 1024. */
  maxPending?: number;
  /** Request timeout on packet time, ms. Default 30 000. */
  timeoutMs?: number;
  emit: EmitPair;
  weird(name: string): void;
}

/** Shared by every non-keyed pairer: never written to. */
const NO_KEYS: Map<string | number, Message> = new Map();

export class Pairer {
  private readonly mode: Pairing;
  private readonly maxPending: number;
  private readonly timeoutMs: number;
  private readonly out: PairerOptions;
  /** fifo: pending requests, oldest at `head`. */
  private queue: Message[] = [];
  private head = 0;
  /** fifo: responses still owed to requests that already timed out. */
  private owed = 0;
  /** key: pending requests by key, in arrival order. */
  private readonly byKey: Map<string | number, Message>;

  constructor(o: PairerOptions) {
    this.mode = o.mode;
    this.maxPending = o.maxPending ?? 1024;
    this.timeoutMs = o.timeoutMs ?? 30_000;
    this.out = o;
    this.byKey = o.mode === 'key' ? new Map() : NO_KEYS;
  }

  private emit(req: Message | null, res: Message | null, error: ItemError | null): void {
    this.out.emit(req, res, error);
  }

  private weird(name: string): void {
    this.out.weird(name);
  }

  /** Requests waiting for a response. */
  get pending(): number {
    return this.mode === 'key' ? this.byKey.size : this.queue.length - this.head;
  }

  add(m: Message): void {
    if (this.mode === 'none') {
      this.emit(m.kind === 'request' ? m : null, m.kind === 'response' ? m : null, null);
      return;
    }
    if (m.kind === 'request') this.expire(m.tsMs);
    if (this.mode === 'fifo') this.addFifo(m);
    else this.addKeyed(m);
    if (m.kind === 'response') this.expire(m.tsMs);
  }

  /** Emit requests older than the timeout, as of packet time `nowMs`. */
  expire(nowMs: number): void {
    const limit = nowMs - this.timeoutMs;
    if (this.mode === 'fifo') {
      while (this.head < this.queue.length && this.queue[this.head].tsMs < limit) {
        this.owed++;
        this.emit(this.shift(), null, timeoutError(this.timeoutMs));
      }
    } else if (this.mode === 'key') {
      for (const [k, req] of this.byKey) {
        if (req.tsMs >= limit) break;
        this.byKey.delete(k);
        this.emit(req, null, timeoutError(this.timeoutMs));
      }
    }
  }

  /** Emit everything pending as unpaired (flow end, violation, handoff). */
  flush(nowMs: number, why: string): void {
    this.expire(nowMs);
    const err: ItemError = { type: 'pair-not-found', msg: `no response: ${why}` };
    if (this.mode === 'fifo') {
      while (this.head < this.queue.length) this.emit(this.shift(), null, err);
      this.owed = 0;
    } else if (this.byKey.size > 0) {
      for (const req of this.byKey.values()) this.emit(req, null, err);
      this.byKey.clear();
    }
  }

  private addFifo(m: Message): void {
    if (m.kind === 'request') {
      this.queue.push(m);
      if (this.queue.length - this.head > this.maxPending) this.overflow(this.shift());
      return;
    }
    if (this.owed > 0) {
      this.owed--;
      this.emit(null, m, null);
    } else if (this.head < this.queue.length) this.emit(this.shift(), m, null);
    else this.emit(null, m, null);
  }

  private addKeyed(m: Message): void {
    const key = m.key ?? '';
    if (m.kind === 'request') {
      const old = this.byKey.get(key);
      if (old) {
        this.byKey.delete(key);
        this.weird('dissect_pair_duplicate_key');
        this.emit(old, null, { type: 'pair-not-found', msg: `a later request reused key ${String(key)}` });
      }
      this.byKey.set(key, m);
      if (this.byKey.size > this.maxPending) {
        const [k, oldest] = this.byKey.entries().next().value as [string | number, Message];
        this.byKey.delete(k);
        this.overflow(oldest);
      }
      return;
    }
    const req = this.byKey.get(key);
    if (req) this.byKey.delete(key);
    this.emit(req ?? null, m, null);
  }

  private overflow(req: Message): void {
    this.weird('dissect_pair_overflow');
    this.emit(req, null, { type: 'pair-not-found', msg: `more than ${this.maxPending} requests waiting for a response` });
  }

  private shift(): Message {
    const m = this.queue[this.head++];
    if (this.head > 64 && this.head * 2 > this.queue.length) {
      this.queue = this.queue.slice(this.head);
      this.head = 0;
    }
    return m;
  }
}

function timeoutError(ms: number): ItemError {
  return { type: 'timeout', msg: `no response within ${ms} ms` };
}
