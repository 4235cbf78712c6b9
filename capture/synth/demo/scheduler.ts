/**
 * The demo's clock-driven scheduler: a min-heap of timed work — conversation steps
 * (generators that emit frames for their time and yield the time of their next step, as in
 * interleave.ts) and callbacks (trace arrivals, health checks, cluster events).
 *
 * Unlike `interleave`, it is resumable: `runUntil(t)` runs everything due up to `t` and
 * returns, so the live demo advances it with the wall clock and `wirehook generate` runs it
 * to the end. Ties run in insertion order, so the output depends only on what was
 * scheduled, never on how time was sliced into `runUntil` calls (determinism per seed).
 */

export type Conversation = Generator<number, void, void>;

interface Entry {
  t: number;
  seq: number;
  gen: Conversation | null;
  fn: ((t: number) => void) | null;
}

export class DemoScheduler {
  private readonly heap: Entry[] = [];
  private seq = 0;
  /** Time of the work being run (or last run). */
  now: number;
  /** Called when time moves on to `t`, before the work due then runs (frame-order.ts). */
  onAdvance: (t: number) => void = () => undefined;

  constructor(startMs: number) {
    this.now = startMs;
  }

  /** Work scheduled and not yet done. */
  get pending(): number {
    return this.heap.length;
  }

  /** Start a conversation at `t` (its first step runs then). */
  spawn(t: number, gen: Conversation): void {
    this.push({ t, seq: this.seq++, gen, fn: null });
  }

  /** Run `fn(t)` at `t`. */
  at(t: number, fn: (t: number) => void): void {
    this.push({ t, seq: this.seq++, gen: null, fn });
  }

  /** Time of the next piece of work, or undefined when idle. */
  nextAt(): number | undefined {
    return this.heap[0]?.t;
  }

  /** Run everything due at or before `t`, in time order. */
  runUntil(t: number): void {
    while (this.heap.length > 0 && this.heap[0].t <= t) {
      const e = this.pop();
      if (e.t > this.now) this.onAdvance(e.t);
      this.now = e.t;
      if (e.fn !== null) {
        e.fn(e.t);
        continue;
      }
      const r = e.gen!.next();
      if (!r.done) this.push({ t: Math.max(e.t, r.value), seq: this.seq++, gen: e.gen, fn: null });
    }
    if (t > this.now) {
      this.onAdvance(t);
      this.now = t;
    }
  }

  private less(a: Entry, b: Entry): boolean {
    return a.t < b.t || (a.t === b.t && a.seq < b.seq);
  }

  private push(e: Entry): void {
    const h = this.heap;
    let i = h.length;
    h.push(e);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(e, h[p])) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = e;
  }

  private pop(): Entry {
    const h = this.heap;
    const top = h[0];
    const last = h.pop()!;
    const n = h.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let m = 2 * i + 1;
        if (m >= n) break;
        if (m + 1 < n && this.less(h[m + 1], h[m])) m++;
        if (!this.less(h[m], last)) break;
        h[i] = h[m];
        i = m;
      }
      h[i] = last;
    }
    return top;
  }
}
