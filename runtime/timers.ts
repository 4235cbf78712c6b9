/**
 * One script's setTimeout / setInterval, on the runtime's clock (packet time offline).
 * Callbacks run as calls into the script after the current call returns, like in a
 * browser. An interval whose previous callback has not run yet skips that firing (no
 * pile-up). Delays are clamped to at least 1 ms. Timers die with the loaded version of the
 * script (reload, rebuild, quarantine).
 */
import type { Clock, TimerHandle } from './clock.ts';
import type { GuestFn, JsonValue } from '../helpers/define-op.ts';

export interface TimerHost {
  /** Runs the callback in its script. */
  run(fn: GuestFn, args: JsonValue[], label: string): Promise<unknown>;
  release(fn: GuestFn): void;
}

interface Timer {
  id: number;
  fn: GuestFn;
  args: JsonValue[];
  interval: number;
  handle?: TimerHandle;
  pending: boolean;
}

export class ScriptTimers {
  private readonly timers = new Map<number, Timer>();
  private nextId = 1;

  constructor(
    private readonly clock: Clock,
    private readonly host: TimerHost,
    private readonly max: number,
  ) {}

  get size(): number {
    return this.timers.size;
  }

  /** Returns the timer id. `interval` true = repeat every `ms`. */
  set(fn: GuestFn, ms: number, args: JsonValue[], interval: boolean): number {
    if (this.timers.size >= this.max) throw new Error(`${interval ? 'setInterval' : 'setTimeout'}: this script already has ${this.max} timers`);
    const delay = Math.max(1, Number.isFinite(ms) ? Math.floor(ms) : 1);
    const t: Timer = { id: this.nextId++, fn, args, interval: interval ? delay : 0, pending: false };
    this.timers.set(t.id, t);
    this.arm(t, this.clock.now() + delay);
    return t.id;
  }

  /** Clearing an unknown or finished id does nothing (as in browsers). */
  clear(id: number): void {
    const t = this.timers.get(id);
    if (!t) return;
    this.timers.delete(id);
    if (t.handle) this.clock.clearTimer(t.handle);
    if (!t.pending) this.host.release(t.fn);
  }

  clearAll(): void {
    for (const id of [...this.timers.keys()]) this.clear(id);
  }

  private arm(t: Timer, at: number): void {
    t.handle = this.clock.setTimer(at, () => this.fire(t, at));
  }

  private fire(t: Timer, at: number): void {
    t.handle = undefined;
    if (!this.timers.has(t.id)) return;
    if (t.interval) this.arm(t, Math.max(at + t.interval, this.clock.now() + 1));
    else this.timers.delete(t.id);
    if (t.pending) return;
    t.pending = true;
    void this.host.run(t.fn, t.args, 'timer').finally(() => {
      t.pending = false;
      if (!this.timers.has(t.id)) this.host.release(t.fn);
    });
  }
}
