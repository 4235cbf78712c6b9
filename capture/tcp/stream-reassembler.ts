/**
 * Reassembly of one direction of a TCP connection into an in-order byte stream with
 * explicit gaps. See tcp-connection.ts for the lifecycle of a connection; this file holds
 * the per-direction mechanics:
 *
 * - Position: `nextSeq` is the next byte the consumer expects. It starts at ISN+1 after a
 *   SYN, or at the first seen segment's sequence number when the connection was picked up
 *   mid-stream. A SYN and a FIN each consume one sequence number.
 * - In-order bytes go out at once as a view of the packet (no copy). Out-of-order bytes are
 *   copied into an `OutOfOrderBuffer` (sorted, never overlapping) until the hole before
 *   them fills.
 * - Overlap policy: first copy wins. Bytes already delivered or already buffered are never
 *   replaced by a later segment covering the same sequence numbers; only the uncovered
 *   parts of a segment are used. A segment with nothing new is a retransmission.
 * - Gaps: a hole becomes `gap(length)` when the peer's ACK covers it (`acked`), when this
 *   stream's buffer exceeds `maxBufferedBytes` or the shared budget is exceeded (oldest hole
 *   skipped, data behind it delivered), at `flush()` (end of flow), and right away for the
 *   missing tail of a truncated in-order packet. A lost FIN whose sequence number the peer
 *   acknowledged can make an ACK gap one byte longer than the lost data.
 * - Malformed or implausible input (sequence numbers more than `maxSeqJump` away, data
 *   after FIN) is counted as a weird and ignored; nothing here throws on packet content.
 */
import { TcpFlag } from '../decode/decoded-packet.ts';
import type { Direction } from '../flow/flow.ts';
import type { Weirds } from '../weird.ts';
import type { BudgetHolder, GapCause, ReassemblyBudget } from './reassembly-budget.ts';
import { OutOfOrderBuffer } from './out-of-order-buffer.ts';
import { seqAdd, seqDiff, seqGt, seqLt } from './seq.ts';
import type { TcpVerdict } from './tcp-verdict.ts';

/** Flag bits as module constants (read once, not per packet). */
const { SYN, FIN } = TcpFlag;

/**
 * Stands in for a stream's buffer until a segment has to wait (most streams never see one),
 * and again once the stream closes. Never inserted into, so it stays empty.
 */
const EMPTY_BUFFER = new OutOfOrderBuffer();

/** Where a stream's output goes (the connection). Views are valid only during the call. */
export interface StreamOutput {
  data(dir: Direction, bytes: Uint8Array, tsMs: number): void;
  gap(dir: Direction, length: number, tsMs: number): void;
  /** The FIN was reached in order: this direction has no more data. */
  fin(dir: Direction, tsMs: number): void;
}

export interface StreamOptions {
  budget: ReassemblyBudget;
  /** Out-of-order bytes this stream may hold. */
  maxBufferedBytes: number;
  /** Segments or ACKs further than this from `nextSeq` are ignored as implausible. */
  maxSeqJump: number;
  weirds?: Weirds;
}

export class StreamReassembler implements BudgetHolder {
  /** `nextSeq` is known (a SYN or a first segment was seen). */
  started = false;
  /** Next sequence number the consumer expects. */
  nextSeq = 0;
  /** A FIN was seen at `finSeq` / was reached in order. */
  finSeen = false;
  finSeq = 0;
  finDone = false;
  /** The connection ended: segments are only classified, nothing is delivered. */
  closed = false;
  /** End of the furthest data seen on the wire, so `flush` accounts for every byte. */
  private highSeq = 0;
  /** Out-of-order chunks: the shared empty buffer until a segment must wait. */
  private buffer = EMPTY_BUFFER;

  constructor(
    readonly dir: Direction,
    private readonly out: StreamOutput,
    private readonly opts: StreamOptions,
  ) {}

  /** Bytes copied into the out-of-order buffer (charged to the budget). */
  get bufferedBytes(): number {
    return this.buffer.bytes;
  }

  /**
   * One segment travelling in this direction. `payload` is a view (copied only if it must
   * wait); `wireLength` > payload.length means the capture truncated the packet.
   */
  segment(seq: number, flags: number, payload: Uint8Array, wireLength: number, tsMs: number): TcpVerdict {
    const syn = flags & SYN ? 1 : 0;
    let fin = flags & FIN ? 1 : 0;
    let cap = payload.length;
    let wire = wireLength > cap ? wireLength : cap;
    const freshSyn = syn === 1 && !this.started;
    if (!this.started) this.start(syn ? seqAdd(seq, 1) : seq);
    const dataSeq = syn ? seqAdd(seq, 1) : seq;
    const rel = seqDiff(dataSeq, this.nextSeq);
    if (rel > this.opts.maxSeqJump || rel < -this.opts.maxSeqJump) {
      this.opts.weirds?.add('tcp_seq_out_of_window');
      return 'invalid';
    }
    if (this.closed) return this.classifyOld(rel, wire + fin, syn);

    if (this.finSeen) {
      const beyond = seqDiff(seqAdd(dataSeq, wire), this.finSeq);
      if (wire > 0 && beyond > 0) {
        this.opts.weirds?.add('tcp_data_after_fin');
        if (beyond >= wire) return 'after_close';
        wire -= beyond;
        if (cap > wire) cap = wire;
        fin = 0;
      } else if (fin && beyond !== 0) {
        this.opts.weirds?.add('tcp_bad_fin_seq');
        fin = 0;
      }
    } else if (fin && !this.noteFin(seqAdd(dataSeq, wire))) {
      fin = 0;
    }
    const end = seqAdd(dataSeq, wire);
    if (seqGt(end, this.highSeq)) this.highSeq = end;

    let verdict: TcpVerdict;
    if (wire === 0) {
      verdict = this.classifyControl(rel, fin, syn === 1 && !freshSyn);
    } else if (rel + wire <= 0) {
      verdict = wire === 1 && rel === -1 && !syn && !fin ? 'keepalive' : 'retransmission';
    } else if (rel > 0) {
      verdict = this.insert(dataSeq, cap === payload.length ? payload : payload.subarray(0, cap)) > 0 ? 'out_of_order' : 'retransmission';
    } else {
      verdict = rel === 0 ? 'data' : 'overlap';
      this.deliverInOrder(payload, cap, wire, dataSeq, -rel, tsMs);
    }
    this.checkFin(tsMs);
    while (this.buffer.bytes > this.opts.maxBufferedBytes) this.skipOldestHole('stream_limit', tsMs);
    const budget = this.opts.budget;
    if (budget.used > budget.limitBytes) budget.enforce(tsMs);
    return verdict;
  }

  /** The peer acknowledged everything before `ack`: bytes we never saw there are lost. */
  acked(ack: number, tsMs: number): void {
    if (!this.started || this.closed || this.finDone) return;
    const d = seqDiff(ack, this.nextSeq);
    if (d <= 0) return;
    if (d > this.opts.maxSeqJump) {
      this.opts.weirds?.add('tcp_ack_out_of_window');
      return;
    }
    this.advanceLost(ack, 'ack', tsMs);
  }

  /** End of flow: deliver everything buffered, declaring every hole (up to the furthest byte seen) a gap. */
  flush(tsMs: number): void {
    if (!this.started || this.closed) return;
    this.advanceLost(this.highSeq, 'flush', tsMs);
  }

  /** Stop delivering; drop (and release) anything still buffered. */
  close(): void {
    this.closed = true;
    const n = this.buffer.clear();
    if (n > 0) this.opts.budget.release(this, n, true);
    this.buffer = EMPTY_BUFFER;
  }

  /** Declare the hole before the first buffered chunk a gap and deliver what follows it. */
  skipOldestHole(cause: GapCause, tsMs: number): void {
    const first = this.buffer.first();
    if (first !== undefined) this.advanceLost(first.seq, cause, tsMs);
  }

  private start(seq: number): void {
    this.started = true;
    this.nextSeq = seq;
    this.highSeq = seq;
  }

  /** Record the end of the stream; false (and a weird) if it lies before delivered data. */
  private noteFin(finSeq: number): boolean {
    if (seqLt(finSeq, this.nextSeq)) {
      this.opts.weirds?.add('tcp_bad_fin_seq');
      return false;
    }
    this.finSeen = true;
    this.finSeq = finSeq;
    this.trimBufferAfter(finSeq);
    return true;
  }

  /** Verdict for a segment the stream no longer needs (closed), by whether it is all old. */
  private classifyOld(rel: number, spanAfterData: number, syn: number): TcpVerdict {
    if (spanAfterData === 0 && syn === 0) return 'empty';
    return rel + spanAfterData <= 0 ? 'retransmission' : 'after_close';
  }

  /** Verdict for a segment without payload. */
  private classifyControl(rel: number, fin: number, oldSyn: boolean): TcpVerdict {
    if (fin) {
      const finRel = seqDiff(this.finSeq, this.nextSeq);
      if (this.finDone && finRel < 0) return 'retransmission';
      return finRel > 0 ? 'out_of_order' : 'empty';
    }
    if (oldSyn) return 'retransmission';
    return rel === -1 ? 'keepalive' : 'empty';
  }

  /** Deliver a segment whose new bytes start at offset `off` = nextSeq - dataSeq. */
  private deliverInOrder(payload: Uint8Array, cap: number, wire: number, dataSeq: number, off: number, tsMs: number): void {
    if (off < cap) {
      let stop = cap;
      const first = this.buffer.first();
      if (first !== undefined) {
        const lim = seqDiff(first.seq, dataSeq);
        if (lim < stop) stop = lim;
      }
      this.nextSeq = seqAdd(dataSeq, stop);
      this.out.data(this.dir, off === 0 && stop === payload.length ? payload : payload.subarray(off, stop), tsMs);
      if (stop < cap) this.insert(this.nextSeq, payload.subarray(stop, cap));
      this.drain(tsMs);
    }
    if (wire > cap) this.advanceLost(seqAdd(dataSeq, wire), 'truncated', tsMs);
  }

  /** Buffer (copy) the not yet buffered parts of an out-of-order segment; returns bytes added. */
  private insert(seq: number, bytes: Uint8Array): number {
    if (this.buffer === EMPTY_BUFFER) this.buffer = new OutOfOrderBuffer();
    const added = this.buffer.insert(this.nextSeq, seq, bytes);
    if (added > 0) this.opts.budget.reserve(this, added);
    return added;
  }

  /** Deliver buffered chunks that start at or before nextSeq. */
  private drain(tsMs: number): void {
    const buffer = this.buffer;
    for (let c = buffer.first(); c !== undefined; c = buffer.first()) {
      const startRel = seqDiff(c.seq, this.nextSeq);
      if (startRel > 0) return;
      buffer.shift();
      const len = c.data.length;
      this.opts.budget.release(this, len, buffer.length === 0);
      if (startRel + len > 0) {
        this.nextSeq = seqAdd(c.seq, len);
        this.out.data(this.dir, startRel === 0 ? c.data : c.data.subarray(-startRel), tsMs);
      }
    }
  }

  /** Bytes before `until` that were never seen are lost: gap them, delivering buffered data between. */
  private advanceLost(until: number, cause: GapCause, tsMs: number): void {
    if (this.finSeen && !this.finDone && seqGt(until, this.finSeq)) until = this.finSeq;
    for (;;) {
      this.drain(tsMs);
      const rem = seqDiff(until, this.nextSeq);
      if (rem <= 0) break;
      let len = rem;
      const first = this.buffer.first();
      if (first !== undefined) {
        const s = seqDiff(first.seq, this.nextSeq);
        if (s < len) len = s;
      }
      this.nextSeq = seqAdd(this.nextSeq, len);
      this.opts.budget.countGap(cause, len);
      this.out.gap(this.dir, len, tsMs);
    }
    this.checkFin(tsMs);
  }

  private checkFin(tsMs: number): void {
    if (this.finSeen && !this.finDone && this.nextSeq === this.finSeq) {
      this.finDone = true;
      this.nextSeq = seqAdd(this.finSeq, 1);
      this.out.fin(this.dir, tsMs);
    }
  }

  /** A FIN fixed the end of the stream: drop buffered bytes beyond it. */
  private trimBufferAfter(finSeq: number): void {
    const dropped = this.buffer.truncateAt(this.nextSeq, finSeq);
    if (dropped > 0) {
      this.opts.weirds?.add('tcp_data_after_fin');
      this.opts.budget.release(this, dropped, this.buffer.length === 0);
    }
  }
}
