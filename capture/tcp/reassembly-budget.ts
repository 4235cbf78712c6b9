/**
 * Shared memory budget for out-of-order TCP data, plus the reassembly loss counters.
 * One instance per pipeline (the flow table owns it); every `StreamReassembler` reserves
 * the bytes it copies into its buffer and releases them when they are delivered or
 * dropped. When a reservation takes `used` above `limitBytes`, `enforce()` makes the
 * stream that has been buffering the longest skip its oldest hole (declared as a gap)
 * and deliver the data behind it, until the total is back under the limit. So the total
 * is never above the limit once a packet has been processed.
 */

/** Why a gap was declared (see StreamReassembler). */
export type GapCause = 'ack' | 'stream_limit' | 'budget' | 'flush' | 'truncated';

/** Reassembly loss counters (for metrics: `wirehook_reassembly_*`). */
export interface ReassemblyStats {
  /** Gaps delivered to consumers, all causes. */
  gaps: number;
  /** Bytes declared lost by those gaps. */
  gapBytes: number;
  /** Gaps by cause. */
  gapsByCause: Record<GapCause, number>;
  /** Gap bytes by cause. */
  gapBytesByCause: Record<GapCause, number>;
  /** Highest `used` observed. */
  peakBytes: number;
}

/** A stream that holds buffered bytes and can give them up by skipping its oldest hole. */
export interface BudgetHolder {
  skipOldestHole(cause: GapCause, tsMs: number): void;
}

export const DEFAULT_REASSEMBLY_BUDGET = 256 * 1024 * 1024;

function byCause(): Record<GapCause, number> {
  return { ack: 0, stream_limit: 0, budget: 0, flush: 0, truncated: 0 };
}

export class ReassemblyBudget {
  /** Bytes currently buffered across all streams. */
  used = 0;
  readonly stats: ReassemblyStats = {
    gaps: 0,
    gapBytes: 0,
    gapsByCause: byCause(),
    gapBytesByCause: byCause(),
    peakBytes: 0,
  };
  /** Streams with buffered data, in the order they started buffering (oldest first). */
  private readonly holders = new Set<BudgetHolder>();

  /** @param limitBytes total out-of-order bytes all streams may hold (default 256 MiB). */
  constructor(readonly limitBytes = DEFAULT_REASSEMBLY_BUDGET) {
    if (!Number.isFinite(limitBytes) || limitBytes < 0) {
      throw Object.assign(new RangeError(`reassembly budget must be a byte count >= 0, got ${limitBytes}`), {
        code: 'ERR_REASSEMBLY_OPTION',
      });
    }
  }

  /** `holder` copied `n` more bytes into its buffer. */
  reserve(holder: BudgetHolder, n: number): void {
    this.used += n;
    if (this.used > this.stats.peakBytes) this.stats.peakBytes = this.used;
    this.holders.add(holder);
  }

  /** `holder` delivered or dropped `n` buffered bytes; `empty` = its buffer is now empty. */
  release(holder: BudgetHolder, n: number, empty: boolean): void {
    this.used -= n;
    if (empty) this.holders.delete(holder);
  }

  /** Skip oldest holes until the total fits the limit again. */
  enforce(tsMs: number): void {
    while (this.used > this.limitBytes) {
      const oldest = this.holders.values().next();
      if (oldest.done) return;
      const before = this.used;
      oldest.value.skipOldestHole('budget', tsMs);
      if (this.used >= before) this.holders.delete(oldest.value);
    }
  }

  /** Count a declared gap. */
  countGap(cause: GapCause, length: number): void {
    const s = this.stats;
    s.gaps++;
    s.gapBytes += length;
    s.gapsByCause[cause]++;
    s.gapBytesByCause[cause] += length;
  }
}
