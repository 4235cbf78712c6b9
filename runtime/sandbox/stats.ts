/**
 * Per-script statistics (metrics and UI data, DESIGN.md §5) and the script's state.
 */
export type ScriptState =
  /** Top-level code is running. */
  | 'loading'
  | 'running'
  /** Did not load (compile error, top-level throw, …); see `reason` and the console. */
  | 'failed'
  /** Stopped after too many consecutive failures or memory kills; re-enabled on reload. */
  | 'quarantined'
  /** Unloaded (replaced by a new version, deactivated or removed). */
  | 'disposed';

export interface ScriptStats {
  /** Hook, job and timer calls made. */
  calls: number;
  /** Calls that threw. */
  errors: number;
  /** Calls that ran longer than their limit. */
  timeouts: number;
  /** Items and packets dropped because the script's queue was full. */
  drops: number;
  /** Isolates rebuilt after a memory-limit kill. */
  rebuilds: number;
  /** CPU time spent in the isolate, ms. */
  cpuMs: number;
  /** CPU time per call, µs. */
  cpuUsPerCall: number;
  /** V8 heap in use after the last call, bytes. */
  heapUsedBytes: number;
  /** Batches and calls waiting. */
  queued: number;
  /** The last error line written to the console. */
  lastError?: string;
}

interface Totals {
  calls: number;
  errors: number;
  timeouts: number;
}

export class StatsCounter {
  /** Totals of isolates that are gone (rebuilt or replaced). */
  private base: Totals = { calls: 0, errors: 0, timeouts: 0 };
  /** Totals reported by the current isolate (reports carry totals, so a lost one loses nothing). */
  readonly guest: Totals = { calls: 0, errors: 0, timeouts: 0 };
  drops = 0;
  rebuilds = 0;
  cpuNs = 0n;
  heapUsedBytes = 0;
  lastError: string | undefined;

  /** Takes a report's totals; totals only grow, so an older report never lowers them. */
  setGuestTotals(t: Totals): void {
    this.guest.calls = Math.max(this.guest.calls, t.calls);
    this.guest.errors = Math.max(this.guest.errors, t.errors);
    this.guest.timeouts = Math.max(this.guest.timeouts, t.timeouts);
  }

  /** The current isolate is gone: keep its totals. */
  closeGuest(): void {
    this.base.calls += this.guest.calls;
    this.base.errors += this.guest.errors;
    this.base.timeouts += this.guest.timeouts;
    this.guest.calls = this.guest.errors = this.guest.timeouts = 0;
  }

  snapshot(queued: number): ScriptStats {
    const cpuMs = Number(this.cpuNs / 1000n) / 1000;
    const calls = this.base.calls + this.guest.calls;
    return {
      calls,
      errors: this.base.errors + this.guest.errors,
      timeouts: this.base.timeouts + this.guest.timeouts,
      drops: this.drops,
      rebuilds: this.rebuilds,
      cpuMs,
      cpuUsPerCall: calls ? (cpuMs * 1000) / calls : 0,
      heapUsedBytes: this.heapUsedBytes,
      queued,
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }
}
