/**
 * Body capture for one HTTP message (after de-chunking, before content decoding).
 *
 * Ownership: `add()` may receive a view that is valid only during the current `data()`
 * call. The first segment is kept as that view; the half calls `own()` before returning
 * from `data()` when the message is still incomplete, which copies it. So a body that
 * arrives whole in one segment is never copied. At most `cap` bytes are kept; `seen`
 * still counts every body byte.
 *
 * Owned storage is held only while a message spans segments: `reset()` hands it to a
 * small process-wide pool that the next spanning message (on any flow) takes it from, so
 * idle keep-alive flows hold no buffer and buffers are not allocated per message.
 */
export class BodySink {
  private readonly cap: number;
  /** Owned storage (grown geometrically up to `cap`), or null. */
  private buf: Uint8Array | null = null;
  private len = 0;
  /** Borrowed first segment, valid during the current call only. */
  private view: Uint8Array | null = null;
  /** Body bytes seen (kept or not, excluding bytes lost in gaps). */
  seen = 0;

  constructor(cap: number) {
    this.cap = cap;
  }

  reset(): void {
    this.view = null;
    this.len = 0;
    this.seen = 0;
    const buf = this.buf;
    if (buf !== null) {
      this.buf = null;
      if (buf.length <= POOLED_MAX_BYTES && pool.length < POOL_SIZE) pool.push(buf);
    }
  }

  /** True when the body exceeded the capture cap. */
  get capped(): boolean {
    return this.seen > this.cap;
  }

  add(b: Uint8Array, s: number, e: number): void {
    const n = e - s;
    if (n <= 0) return;
    const kept = this.kept();
    this.seen += n;
    const room = this.cap - kept;
    if (room <= 0) return;
    const take = n < room ? n : room;
    if (kept === 0 && this.view === null) {
      this.view = b.subarray(s, s + take);
      return;
    }
    if (this.view) this.own();
    this.ensure(this.len + take);
    this.buf!.set(b.subarray(s, s + take), this.len);
    this.len += take;
  }

  /** Copy a borrowed view into owned storage (call before the view expires). */
  own(): void {
    const v = this.view;
    if (!v) return;
    this.view = null;
    this.ensure(this.len + v.length);
    this.buf!.set(v, this.len);
    this.len += v.length;
  }

  /** The kept bytes (a view; valid until the next `reset`/`add`). */
  bytes(): Uint8Array {
    if (this.view) return this.view;
    return this.buf ? this.buf.subarray(0, this.len) : EMPTY;
  }

  private kept(): number {
    return this.view ? this.view.length : this.len;
  }

  private ensure(n: number): void {
    const cur = this.buf;
    if (cur && cur.length >= n) return;
    if (cur === null && pool.length > 0 && pool[pool.length - 1].length >= n && pool[pool.length - 1].length <= this.cap) {
      this.buf = pool.pop()!;
      return;
    }
    let size = cur ? cur.length * 2 : 1024;
    while (size < n) size *= 2;
    if (size > this.cap) size = Math.max(this.cap, n);
    const next = new Uint8Array(size);
    if (cur && this.len) next.set(cur.subarray(0, this.len));
    this.buf = next;
  }
}

const EMPTY = new Uint8Array(0);

/** Released storage (at most POOL_SIZE buffers of at most POOLED_MAX_BYTES each). */
const POOL_SIZE = 64;
const POOLED_MAX_BYTES = 65536;
const pool: Uint8Array[] = [];
