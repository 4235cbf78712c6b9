/**
 * Per-script limits (config `scripting.limits`, overridable per script in
 * `scripting.overrides.<title or id>`). Time limits count the script's own execution
 * time: time spent waiting for helpers (webhooks, uploads) is not counted.
 */
export interface ScriptLimits {
  /** Isolate heap limit, MB. Exceeding it disposes and rebuilds only that isolate. Default 64. */
  memoryMb: number;
  /** Per hook call, ms. A call that runs longer is a timeout (interrupted if it does not return). Default 200. */
  timeoutMs: number;
  /** Per job or timer run, ms. Default 5000. */
  jobTimeoutMs: number;
  /** Top-level code, ms. Default 2000. */
  loadTimeoutMs: number;
  /** Batches (of items or packets) waiting per script; when full, new batches are dropped and counted. Default 64. */
  queue: number;
  /** Failed or timed-out hook calls in a row before the script is quarantined. Default 10. */
  maxConsecutiveFailures: number;
  /** Helper calls allowed in one hook call. Default 10 000. */
  opsPerCall: number;
  /** Console lines kept per script. Default 1000. */
  consoleLines: number;
  /** Characters per console line before it is cut. Default 8192. */
  maxLineLength: number;
  /** Pending timers (setTimeout/setInterval) per script. Default 10 000. */
  maxTimers: number;
  /** Scheduled jobs per script. Default 1000. */
  maxJobs: number;
}

export const defaultLimits: Readonly<ScriptLimits> = Object.freeze({
  memoryMb: 64,
  timeoutMs: 200,
  jobTimeoutMs: 5000,
  loadTimeoutMs: 2000,
  queue: 64,
  maxConsecutiveFailures: 10,
  opsPerCall: 10_000,
  consoleLines: 1000,
  maxLineLength: 8192,
  maxTimers: 10_000,
  maxJobs: 1000,
});

/** Limits for one script: defaults, then the configured limits, then its override (by id, then title). */
export function limitsFor(
  base: Partial<ScriptLimits>,
  overrides: Record<string, Partial<ScriptLimits>>,
  script: { id: string; title: string },
): ScriptLimits {
  return { ...defaultLimits, ...base, ...(overrides[script.title] ?? {}), ...(overrides[script.id] ?? {}) };
}
