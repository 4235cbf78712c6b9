/**
 * Interleaves many synthesized conversations into one time-ordered packet stream.
 * A conversation is a generator: each step emits its frames for the current time and
 * yields the time of its next step (or returns when done). The scheduler keeps up to
 * `concurrency` conversations active in a min-heap keyed by next time, so the output is
 * monotonic in time as long as each step only emits frames at or after its own time and
 * before the time it yields.
 */
import type { FrameSink } from './tcp-conversation.ts';

export type Conversation = Generator<number, void, void>;

export interface InterleaveOptions {
  /** Conversations open at once (default 64). */
  concurrency?: number;
}

/**
 * Runs conversations from `next()` (called with the time a slot frees up; returns
 * undefined when there are no more) until all are done.
 */
export function interleave(next: (tMs: number) => Conversation | undefined, startMs: number, o: InterleaveOptions = {}): void {
  const cap = o.concurrency ?? 64;
  const heapT: number[] = [];
  const heapC: Conversation[] = [];
  let exhausted = false;
  const push = (t: number, c: Conversation) => {
    let i = heapT.length;
    heapT.push(t);
    heapC.push(c);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (heapT[p] <= t) break;
      heapT[i] = heapT[p];
      heapC[i] = heapC[p];
      i = p;
    }
    heapT[i] = t;
    heapC[i] = c;
  };
  const pop = (): [number, Conversation] => {
    const top: [number, Conversation] = [heapT[0], heapC[0]];
    const lt = heapT.pop()!;
    const lc = heapC.pop()!;
    const n = heapT.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        let m = 2 * i + 1;
        if (m >= n) break;
        if (m + 1 < n && heapT[m + 1] < heapT[m]) m++;
        if (heapT[m] >= lt) break;
        heapT[i] = heapT[m];
        heapC[i] = heapC[m];
        i = m;
      }
      heapT[i] = lt;
      heapC[i] = lc;
    }
    return top;
  };
  const fill = (t: number) => {
    while (!exhausted && heapT.length < cap) {
      const c = next(t);
      if (!c) {
        exhausted = true;
        break;
      }
      push(t, c);
    }
  };
  fill(startMs);
  while (heapT.length > 0) {
    const [t, c] = pop();
    const r = c.next();
    if (r.done) fill(t);
    else push(Math.max(t, r.value), c);
  }
}

/**
 * Clamp frame times so they never go backwards: segments of one conversation span a few
 * µs, which may overlap the next conversation's step; a capture stamps them in order.
 */
export function monotonic(sink: FrameSink): FrameSink {
  let last = -Infinity;
  return {
    frame(t, data) {
      if (t < last) t = last;
      last = t;
      sink.frame(t, data);
    },
  };
}

/** Deterministic PRNG (mulberry32): returns floats in [0, 1). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
