/**
 * TCP reassembly of one connection (both directions) and its lifecycle towards the flow's
 * consumer (the dissector session).
 *
 * Lifecycle and buffer ownership:
 *  1. The flow table creates a `TcpConnection` with the flow's first TCP packet. The
 *     connection reads `slot.consumer` at each delivery, so the pipeline may attach the
 *     consumer after `lookup()` returned the new flow.
 *  2. `packet(pkt, dir)` first applies the packet's ACK to the opposite direction (bytes the
 *     peer acknowledged but the capture never saw become a gap there, delivered before this
 *     packet's own data), then hands the segment to `streams[dir]`.
 *  3. Bytes at the expected sequence number are delivered immediately as a view of
 *     `pkt.payload` (owned by the packet source; valid only during `data()`). Bytes after a
 *     hole are copied into the stream's buffer (owned by the stream, charged to the shared
 *     `ReassemblyBudget`) and delivered, as views of that copy, once the hole fills or is
 *     declared a gap. Consumers copy what they keep.
 *  4. A segment that brings nothing new is a retransmission and is not delivered again; a
 *     partly old one delivers only its new bytes (first copy wins, see stream-reassembler.ts).
 *  5. Memory is bounded: a stream over `maxBufferedPerStream`, or all streams together over
 *     the budget, skip their oldest hole (a gap) and deliver what follows it.
 *  6. The connection ends exactly once, then calls `consumer.end(reason)`:
 *     - RST: what is in order was already delivered; buffered data is flushed behind gaps
 *       for its holes; reason 'rst'.
 *     - both FINs reached in order (each FIN consumes one sequence number): reason 'fin'.
 *     - the flow table ends the flow (idle, evicted, end of capture, port reuse): both
 *       directions are flushed (gaps, then buffered data in order) with the table's reason.
 *  7. After the end, segments are still classified (for retransmission counters) but never
 *     delivered, the streams hold no memory and the slot's consumer is released.
 */
import { TcpFlag } from '../decode/decoded-packet.ts';
import type { DecodedPacket } from '../decode/decoded-packet.ts';
import type { Direction, FlowConsumer, FlowEndReason } from '../flow/flow.ts';
import type { Weirds } from '../weird.ts';
import { ReassemblyBudget } from './reassembly-budget.ts';
import { StreamReassembler } from './stream-reassembler.ts';
import type { StreamOptions, StreamOutput } from './stream-reassembler.ts';
import type { TcpVerdict } from './tcp-verdict.ts';

/** Flag bits as module constants (read once, not per packet). */
const { ACK, RST } = TcpFlag;

/** Where the connection finds its consumer (the flow; the pipeline sets `consumer`). */
export interface ConsumerSlot {
  consumer?: FlowConsumer;
}

export interface TcpConnectionOptions {
  /** Shared out-of-order memory budget. Default: a private 256 MiB budget. */
  budget?: ReassemblyBudget;
  /** Out-of-order bytes one direction may hold. Default 4 MiB. */
  maxBufferedPerStream?: number;
  /** Sequence/ACK distance beyond which a segment is implausible. Default 2^30 (max TCP window). */
  maxSeqJump?: number;
  /** Anomaly counters (`tcp_*`). */
  weirds?: Weirds;
}

export const DEFAULT_MAX_BUFFERED_PER_STREAM = 4 * 1024 * 1024;
export const DEFAULT_MAX_SEQ_JUMP = 1 << 30;

/** Stream options derived from connection options that name a budget (shared, so derived once). */
const derived = new WeakMap<TcpConnectionOptions, StreamOptions>();

function streamOptionsOf(opts: TcpConnectionOptions): StreamOptions {
  const known = opts.budget !== undefined ? derived.get(opts) : undefined;
  if (known !== undefined) return known;
  const so: StreamOptions = {
    budget: opts.budget ?? new ReassemblyBudget(),
    maxBufferedBytes: opts.maxBufferedPerStream ?? DEFAULT_MAX_BUFFERED_PER_STREAM,
    maxSeqJump: opts.maxSeqJump ?? DEFAULT_MAX_SEQ_JUMP,
    weirds: opts.weirds,
  };
  if (opts.budget !== undefined) derived.set(opts, so);
  return so;
}

export class TcpConnection implements StreamOutput {
  /** [client → server, server → client]. */
  readonly streams: readonly [StreamReassembler, StreamReassembler];
  /** Why the connection ended, or null while it is live. */
  endReason: FlowEndReason | null = null;
  private ending = false;

  /** `opts` may be shared by many connections (the flow table passes one object): treat it as read-only. */
  constructor(
    private readonly slot: ConsumerSlot,
    opts: TcpConnectionOptions = {},
  ) {
    const streamOpts = streamOptionsOf(opts);
    this.streams = [new StreamReassembler(0, this, streamOpts), new StreamReassembler(1, this, streamOpts)];
  }

  /** Out-of-order bytes held by both directions. */
  get bufferedBytes(): number {
    return this.streams[0].bufferedBytes + this.streams[1].bufferedBytes;
  }

  /** Reassemble one TCP segment travelling in `dir`; returns what it was. */
  packet(pkt: DecodedPacket, dir: Direction): TcpVerdict {
    const flags = pkt.tcpFlags;
    const ts = pkt.tsMs;
    if (flags & ACK && this.endReason === null) this.streams[dir ^ 1].acked(pkt.tcpAck, ts);
    if (flags & RST) {
      this.end('rst', ts);
      return 'reset';
    }
    return this.streams[dir].segment(pkt.tcpSeq, flags, pkt.payload, pkt.payloadWireLength, ts);
  }

  /**
   * End the connection (idempotent): flush both directions, release their memory, then
   * tell the consumer once.
   */
  end(reason: FlowEndReason, tsMs: number): void {
    if (this.endReason !== null) return;
    this.endReason = reason;
    this.ending = true;
    this.streams[0].flush(tsMs);
    this.streams[1].flush(tsMs);
    this.streams[0].close();
    this.streams[1].close();
    const consumer = this.slot.consumer;
    // An ended consumer is released: a closed flow lingers in the table (for late
    // retransmissions) without holding its dissector state.
    this.slot.consumer = undefined;
    consumer?.end(reason, tsMs);
  }

  /** @internal StreamOutput: in-order bytes. */
  data(dir: Direction, bytes: Uint8Array, tsMs: number): void {
    this.slot.consumer?.data(dir, bytes, tsMs);
  }

  /** @internal StreamOutput: lost bytes. */
  gap(dir: Direction, length: number, tsMs: number): void {
    this.slot.consumer?.gap(dir, length, tsMs);
  }

  /** @internal StreamOutput: a direction reached its FIN; both done → end('fin'). */
  fin(_dir: Direction, tsMs: number): void {
    if (this.ending) return;
    if (this.streams[0].finDone && this.streams[1].finDone) this.end('fin', tsMs);
  }
}
