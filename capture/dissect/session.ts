/**
 * Flow session: the `FlowConsumer` that dissects one flow (lifecycle in descriptor.ts).
 *
 *  - Selecting: TCP bytes are copied into a small per-direction buffer (at most
 *    `detectBytes`) while no dissector is confident. Selection ends when a score reaches
 *    1, when a direction has `detectBytes` bytes and some score is > 0, on a gap after
 *    sampled bytes, or at the end. A gap before a direction's first byte is only
 *    recorded. A direction that is full while nothing matched keeps only a count of the
 *    further bytes (replayed as a gap) until the other direction decides, for at most
 *    `detectWaitBytes`. UDP flows are decided on their first datagram.
 *  - Pinned: the chosen parser first receives the buffered events in their original
 *    order, then every event directly (views, no copies). A parser that throws is counted
 *    (`dissect_parser_exception`) and violated.
 *  - Violation → the transport's fallback dissector, else the flow turns inert. Handoff
 *    → the named dissector (an unknown id turns the flow inert quietly).
 *  - No dissector claims the flow and no fallback: inert, counted as `dissect_unclaimed`.
 */
import type { Direction, FlowConsumer, FlowEndReason, FlowInfo } from '../flow/flow.ts';
import { buildItem } from '../item.ts';
import type { Item, ItemError, ItemOrigin, Message, ProtocolInfo } from '../item.ts';
import type { Weirds } from '../weird.ts';
import type { DissectorDescriptor } from './descriptor.ts';
import { ParserBinding } from './parser-binding.ts';
import type { BindingHost, InitialBytes } from './parser-binding.ts';
import type { DissectorRegistry } from './registry.ts';
import { SelectionBuffer } from './selection-buffer.ts';

export interface SessionLimits {
  /** Bytes per direction buffered (copied) while choosing a dissector. Default 64. */
  detectBytes?: number;
  /** Bytes a full direction may skip while waiting for the other one to decide. Default 64 KiB. */
  detectWaitBytes?: number;
  /** Requests waiting for a response per flow before the oldest is emitted. Default 1024. */
  maxPending?: number;
}

export interface FlowSessionOptions {
  registry: DissectorRegistry;
  flow: FlowInfo;
  origin: ItemOrigin;
  weirds: Weirds;
  /** Receives every item of the flow, in emission order. Must not throw. */
  onItem(item: Item): void;
  limits?: SessionLimits;
}

export type SessionState = 'selecting' | 'pinned' | 'inert' | 'ended';

export interface FlowSession extends FlowConsumer {
  readonly state: SessionState;
  /** Id of the dissector pinned now (or last, once ended), or null. */
  readonly dissectorId: string | null;
  /** Items emitted so far. */
  readonly items: number;
}

export function createFlowSession(opts: FlowSessionOptions): FlowSession {
  return new Session(opts);
}

class Session implements FlowSession, BindingHost {
  readonly flow: FlowInfo;
  readonly maxPending: number;
  state: SessionState = 'selecting';
  items = 0;
  private readonly o: FlowSessionOptions;
  private active: ParserBinding | null = null;
  private selection: SelectionBuffer | null;
  private lastTs = 0;

  constructor(o: FlowSessionOptions) {
    this.o = o;
    this.flow = o.flow;
    this.maxPending = o.limits?.maxPending ?? 1024;
    this.selection = new SelectionBuffer(o.registry, o.flow, o.limits?.detectBytes ?? 64, o.limits?.detectWaitBytes ?? 65536, this);
  }

  get dissectorId(): string | null {
    return this.active ? this.active.desc.id : null;
  }

  data(dir: Direction, bytes: Uint8Array, tsMs: number): void {
    this.lastTs = tsMs;
    if (this.state === 'pinned') this.feedData(dir, bytes, tsMs);
    else if (this.state === 'selecting' && bytes.length > 0) {
      const sel = this.selection!;
      const decided = sel.offer(dir, bytes, tsMs);
      if (decided !== null) this.settle(decided.desc, dir, bytes, tsMs);
    }
  }

  gap(dir: Direction, length: number, tsMs: number): void {
    this.lastTs = tsMs;
    if (this.state === 'selecting') {
      const sel = this.selection!;
      if (!sel.noteGap(dir, length, tsMs)) return;
      this.settle(sel.decide().desc, dir, null, tsMs);
    }
    if (this.state !== 'pinned') return;
    const b = this.active!;
    try {
      b.parser.gap(dir, length, tsMs);
    } catch {
      this.crashed(b);
    }
  }

  end(_reason: FlowEndReason, tsMs: number): void {
    if (this.state === 'ended') return;
    this.lastTs = Math.max(this.lastTs, tsMs);
    if (this.state === 'selecting') {
      // A flow that never carried payload (handshake only, port scan) is nobody's: not unclaimed.
      if (this.selection!.empty) {
        this.selection = null;
        this.state = 'ended';
        return;
      }
      this.settle(this.selection!.decide().desc, 0, null, tsMs);
    }
    // A parser may hand off or violate while flushing; end whichever binding owns the flow.
    for (let i = 0; i < 4 && this.active && this.active.live; i++) this.active.end(tsMs);
    this.state = 'ended';
  }

  // ── BindingHost ──

  now(): number {
    return this.lastTs;
  }

  weird(name: string): void {
    this.o.weirds.add(name);
  }

  emit(desc: DissectorDescriptor, protocol: ProtocolInfo | undefined, req: Message | null, res: Message | null, error: ItemError | null): void {
    const p = protocol ?? req?.protocol ?? res?.protocol ?? desc.protocol;
    const item = buildItem(this.o.origin, this.flow, this.items++, p, req, res, error);
    try {
      this.o.onItem(item);
    } catch {
      this.weird('dissect_on_item_exception');
    }
  }

  unpinned(from: ParserBinding, _reason: string): void {
    if (from !== this.active) return;
    const fb = this.fallback();
    if (fb && fb !== from.desc) this.pin(fb);
    else this.goInert();
  }

  handedOff(from: ParserBinding, id: string, initial: InitialBytes[] | undefined): void {
    if (from !== this.active) return;
    const next = this.o.registry.get(id);
    if (!next || next.transport !== from.desc.transport) {
      this.goInert();
      return;
    }
    const b = this.pin(next);
    if (!b || !initial) return;
    for (const ev of initial) {
      if (this.active !== b || !b.live) return;
      if (ev.bytes.length > 0) this.feedData(ev.dir, ev.bytes, ev.tsMs);
    }
  }

  // ── internals ──

  /** End selection with `desc` (or the fallback), replay the buffer, then feed `bytes` (if any) in `dir`. */
  private settle(desc: DissectorDescriptor | undefined, dir: Direction, bytes: Uint8Array | null, tsMs: number): void {
    const sel = this.selection!;
    this.selection = null;
    const chosen = desc ?? this.fallback();
    if (!chosen) {
      this.weird('dissect_unclaimed');
      this.goInert();
      return;
    }
    if (this.pin(chosen)) sel.replay(this, dir, bytes, tsMs);
  }

  /** Replay target used by SelectionBuffer: routes to whichever binding is active now. */
  replayData(dir: Direction, bytes: Uint8Array, tsMs: number): void {
    if (this.state === 'pinned') this.feedData(dir, bytes, tsMs);
  }

  replayGap(dir: Direction, length: number, tsMs: number): void {
    if (this.state !== 'pinned') return;
    const b = this.active!;
    try {
      b.parser.gap(dir, length, tsMs);
    } catch {
      this.crashed(b);
    }
  }

  private feedData(dir: Direction, bytes: Uint8Array, tsMs: number): void {
    const b = this.active!;
    try {
      b.parser.data(dir, bytes, tsMs);
    } catch {
      this.crashed(b);
    }
  }

  /** Pin `desc`; a `createParser` that throws is counted and leaves the flow inert. */
  private pin(desc: DissectorDescriptor): ParserBinding | null {
    try {
      const b = new ParserBinding(this, desc);
      this.active = b;
      this.state = 'pinned';
      return b;
    } catch {
      this.weird('dissect_parser_exception');
      this.goInert();
      return null;
    }
  }

  /** The raw dissector of this flow's transport (none for ICMP). */
  private fallback(): DissectorDescriptor | undefined {
    const t = this.flow.transport;
    return t === 'icmp' ? undefined : this.o.registry.fallback(t);
  }

  private crashed(b: ParserBinding): void {
    this.weird('dissect_parser_exception');
    b.violate('parser exception');
  }

  private goInert(): void {
    this.active = null;
    this.state = 'inert';
  }
}
