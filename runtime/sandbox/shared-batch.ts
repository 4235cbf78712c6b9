/**
 * A batch of hook arguments serialised once — one JSON string per item, all in one
 * ExternalCopy — and copied into every subscribed sandbox, whose trampoline parses each
 * item when it calls the hook. The copy is released when the last consumer is done.
 *
 * Measured (bench/scripts.bench.ts, realistic ~2 KB HTTP items): JSON text parsed in the
 * guest beats a structured clone of the item objects (≈ 10 vs 15+ µs per item). The strings
 * travel inside an array on purpose: isolated-vm turns a top-level string of 1 KB or more
 * into an external string whose memory it keeps counting against the isolate's limit after
 * V8 has freed it (isolated-vm 5.0.4), and one big JSON text lands in V8's large-object
 * space, which only full GCs reclaim; both ended in false memory-limit kills after a few
 * thousand batches. Strings inside an array are deserialised as ordinary young strings.
 */
import ivm from 'isolated-vm';

export class SharedBatch {
  private copy: ivm.ExternalCopy<string[]> | undefined;
  private refs: number;
  readonly count: number;

  /** `json`: one JSON text per item (or packet); `consumers`: sandboxes that will take it. */
  constructor(json: string[], consumers: number) {
    this.copy = new ivm.ExternalCopy(json);
    this.count = json.length;
    this.refs = consumers;
  }

  /** A transferable copy for one sandbox call (call once per consumer). */
  take(): ivm.Copy<string[]> {
    if (!this.copy) throw new Error('batch already released');
    return this.copy.copyInto();
  }

  /** One consumer is done (ran it or dropped it). */
  release(): void {
    if (--this.refs <= 0 && this.copy) {
      this.copy.release();
      this.copy = undefined;
    }
  }
}
