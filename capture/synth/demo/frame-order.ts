/**
 * Puts the demo's frames in time order. A conversation step emits the frames of a moment
 * and a little after it (the SYN/ACK half a round trip after the SYN, the segments of a
 * long response, the FIN handshake), possibly later than frames other conversations emit
 * next. Frames stamped after the scheduler's current time are copied and held until time
 * reaches them (`flush`, called as the scheduler advances); frames at or before it pass
 * straight through once everything held for earlier times went out.
 */
import type { FrameSink } from '../tcp-conversation.ts';

export class FrameOrder implements FrameSink {
  private readonly times: number[] = [];
  private readonly frames: Uint8Array[] = [];
  private readonly seqs: number[] = [];
  private seq = 0;

  constructor(
    private readonly out: FrameSink,
    private readonly now: () => number,
  ) {}

  /** Frames held for later. */
  get held(): number {
    return this.times.length;
  }

  frame(t: number, data: Uint8Array): void {
    if (t > this.now()) {
      this.push(t, data.slice());
      return;
    }
    this.flush(t);
    this.out.frame(t, data);
  }

  /** Emit every held frame stamped at or before `t`, in time order. */
  flush(t: number): void {
    while (this.times.length > 0 && this.times[0] <= t) {
      const [ft, data] = this.pop();
      this.out.frame(ft, data);
    }
  }

  private less(i: number, j: number): boolean {
    const a = this.times[i];
    const b = this.times[j];
    return a < b || (a === b && this.seqs[i] < this.seqs[j]);
  }

  private swap(i: number, j: number): void {
    [this.times[i], this.times[j]] = [this.times[j], this.times[i]];
    [this.frames[i], this.frames[j]] = [this.frames[j], this.frames[i]];
    [this.seqs[i], this.seqs[j]] = [this.seqs[j], this.seqs[i]];
  }

  private push(t: number, data: Uint8Array): void {
    let i = this.times.length;
    this.times.push(t);
    this.frames.push(data);
    this.seqs.push(this.seq++);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  private pop(): [number, Uint8Array] {
    const top: [number, Uint8Array] = [this.times[0], this.frames[0]];
    const n = this.times.length - 1;
    this.swap(0, n);
    this.times.pop();
    this.frames.pop();
    this.seqs.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const m = l + 1 < n && this.less(l + 1, l) ? l + 1 : l;
      if (!this.less(m, i)) break;
      this.swap(i, m);
      i = m;
    }
    return top;
  }
}
