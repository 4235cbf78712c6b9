/**
 * Test double for `FlowConsumer` (and a stream's `StreamOutput`): records every event,
 * copying delivered bytes (views are only valid during the call), and renders each
 * direction as text with gaps shown as `[gap N]`.
 */
import type { Direction, FlowConsumer, FlowEndReason } from '../../flow/flow.ts';
import type { StreamOutput } from '../stream-reassembler.ts';

export type RecordedEvent =
  | { kind: 'data'; dir: Direction; bytes: Uint8Array; tsMs: number }
  | { kind: 'gap'; dir: Direction; length: number; tsMs: number }
  | { kind: 'fin'; dir: Direction; tsMs: number }
  | { kind: 'end'; reason: FlowEndReason; tsMs: number };

export class RecordingConsumer implements FlowConsumer, StreamOutput {
  readonly events: RecordedEvent[] = [];

  data(dir: Direction, bytes: Uint8Array, tsMs: number): void {
    this.events.push({ kind: 'data', dir, bytes: bytes.slice(), tsMs });
  }

  gap(dir: Direction, length: number, tsMs: number): void {
    this.events.push({ kind: 'gap', dir, length, tsMs });
  }

  fin(dir: Direction, tsMs: number): void {
    this.events.push({ kind: 'fin', dir, tsMs });
  }

  end(reason: FlowEndReason, tsMs: number): void {
    this.events.push({ kind: 'end', reason, tsMs });
  }

  /** Direction `dir` as text: data decoded as latin1, gaps as `[gap N]`. */
  render(dir: Direction): string {
    let s = '';
    for (const e of this.events) {
      if (e.kind === 'data' && e.dir === dir) s += Buffer.from(e.bytes).toString('latin1');
      else if (e.kind === 'gap' && e.dir === dir) s += `[gap ${e.length}]`;
    }
    return s;
  }

  /** All data delivered in `dir`, concatenated. */
  bytes(dir: Direction): Uint8Array {
    return Buffer.concat(this.events.flatMap((e) => (e.kind === 'data' && e.dir === dir ? [e.bytes] : [])));
  }

  /** Total gap length declared in `dir`. */
  gapBytes(dir: Direction): number {
    let n = 0;
    for (const e of this.events) if (e.kind === 'gap' && e.dir === dir) n += e.length;
    return n;
  }

  /** The `end` events received (a correct connection produces exactly one). */
  ends(): { reason: FlowEndReason; tsMs: number }[] {
    return this.events.flatMap((e) => (e.kind === 'end' ? [{ reason: e.reason, tsMs: e.tsMs }] : []));
  }

  /** Kinds of events in order, e.g. ['data', 'gap', 'data', 'end']. */
  kinds(): string[] {
    return this.events.map((e) => e.kind);
  }
}
