/**
 * The clock jobs and timers run on (DESIGN.md §5). Live nodes use `RealClock` (wall time,
 * Node timers). Offline runs (`wirehook run`) use `VirtualClock`, which only moves when the
 * runner advances it to the time of the packet being read, so a capture replays with the
 * same job and timer firings every time, however fast it is read.
 *
 * Contract for both: `setTimer(atMs, fn)` calls `fn` once, at or after `atMs` (epoch ms),
 * unless cleared first; timers due at the same time fire in the order they were set.
 */
export interface TimerHandle {
  readonly id: number;
}

export interface Clock {
  /** Current time, epoch milliseconds. */
  now(): number;
  /** Call `fn` once when the clock reaches `atMs`. */
  setTimer(atMs: number, fn: () => void): TimerHandle;
  clearTimer(handle: TimerHandle): void;
  /** True for a clock driven by packet time (scripts then also see packet time in `Date`). */
  readonly virtual: boolean;
}

/** Longest single Node timer delay; longer waits are chained. */
const MAX_DELAY = 2 ** 31 - 1;

export class RealClock implements Clock {
  readonly virtual = false;
  private nextId = 1;
  private readonly timers = new Map<number, NodeJS.Timeout>();

  now(): number {
    return Date.now();
  }

  setTimer(atMs: number, fn: () => void): TimerHandle {
    const handle = { id: this.nextId++ };
    this.arm(handle.id, atMs, fn);
    return handle;
  }

  clearTimer(handle: TimerHandle): void {
    const t = this.timers.get(handle.id);
    if (t) clearTimeout(t);
    this.timers.delete(handle.id);
  }

  /** Clears every pending timer (shutdown). */
  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }

  private arm(id: number, atMs: number, fn: () => void): void {
    const delay = Math.max(0, atMs - Date.now());
    const t = setTimeout(() => {
      if (atMs - Date.now() > 0) return this.arm(id, atMs, fn);
      this.timers.delete(id);
      fn();
    }, Math.min(delay, MAX_DELAY));
    this.timers.set(id, t);
  }
}

interface VirtualTimer {
  id: number;
  at: number;
  seq: number;
  fn: () => void;
}

/**
 * A clock that moves only when told to. `advanceTo(t)` fires every timer due at or before
 * `t` in time order (the clock reads each timer's own time while it fires, so a timer set
 * during a firing and due before `t` fires in the same advance), then rests at `t`.
 */
export class VirtualClock implements Clock {
  readonly virtual = true;
  private current: number;
  private nextId = 1;
  private seq = 0;
  private readonly heap: VirtualTimer[] = [];
  private readonly live = new Set<number>();

  constructor(startMs = 0) {
    this.current = startMs;
  }

  now(): number {
    return this.current;
  }

  /** Number of timers still pending. */
  get pending(): number {
    return this.live.size;
  }

  /** Time of the earliest pending timer, if any. */
  nextAt(): number | undefined {
    this.dropCleared();
    return this.heap.length ? this.heap[0].at : undefined;
  }

  setTimer(atMs: number, fn: () => void): TimerHandle {
    const t: VirtualTimer = { id: this.nextId++, at: Math.max(atMs, this.current), seq: this.seq++, fn };
    this.live.add(t.id);
    this.push(t);
    return { id: t.id };
  }

  clearTimer(handle: TimerHandle): void {
    this.live.delete(handle.id);
  }

  /** Moves the clock forward to `t` (never backwards), firing due timers. Returns how many fired. */
  advanceTo(t: number): number {
    let fired = 0;
    for (;;) {
      this.dropCleared();
      const top = this.heap[0];
      if (!top || top.at > t) break;
      this.pop();
      this.live.delete(top.id);
      if (top.at > this.current) this.current = top.at;
      fired++;
      top.fn();
    }
    if (t > this.current) this.current = t;
    return fired;
  }

  private dropCleared(): void {
    while (this.heap.length && !this.live.has(this.heap[0].id)) this.pop();
  }

  private less(a: VirtualTimer, b: VirtualTimer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private push(t: VirtualTimer): void {
    const h = this.heap;
    h.push(t);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(h[i], h[p])) break;
      [h[i], h[p]] = [h[p], h[i]];
      i = p;
    }
  }

  private pop(): void {
    const h = this.heap;
    const last = h.pop()!;
    if (!h.length) return;
    h[0] = last;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l], h[m])) m = l;
      if (r < h.length && this.less(h[r], h[m])) m = r;
      if (m === i) break;
      [h[i], h[m]] = [h[m], h[i]];
      i = m;
    }
  }
}
