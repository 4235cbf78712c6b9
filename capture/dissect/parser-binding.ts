/**
 * One dissector pinned to one flow: its parser, its pairer and the `ParserContext` the
 * parser talks to. A binding is *live* until the parser violates or hands off; after
 * that every call on its context is ignored, so a parser that keeps going after
 * `violate()` cannot emit into the flow's next owner.
 */
import type { Direction, FlowInfo } from '../flow/flow.ts';
import type { ItemError, Message, ProtocolInfo } from '../item.ts';
import type { DissectorDescriptor, FlowParser, ParserContext } from './descriptor.ts';
import { Pairer } from './pair.ts';
import type { PairerOptions } from './pair.ts';

export interface InitialBytes {
  dir: Direction;
  bytes: Uint8Array;
  tsMs: number;
}

/** What a binding needs from its session. */
export interface BindingHost {
  readonly flow: FlowInfo;
  readonly maxPending: number;
  /** Packet time of the latest event, ms. */
  now(): number;
  weird(name: string): void;
  emit(desc: DissectorDescriptor, protocol: ProtocolInfo | undefined, req: Message | null, res: Message | null, error: ItemError | null): void;
  unpinned(from: ParserBinding, reason: string): void;
  handedOff(from: ParserBinding, id: string, initial: InitialBytes[] | undefined): void;
}

export class ParserBinding implements ParserContext {
  readonly flow: FlowInfo;
  readonly desc: DissectorDescriptor;
  readonly parser: FlowParser;
  live = true;
  private readonly host: BindingHost;
  private readonly pairer: Pairer;

  constructor(host: BindingHost, desc: DissectorDescriptor) {
    this.host = host;
    this.flow = host.flow;
    this.desc = desc;
    this.pairer = new Pairer(new PairOutput(host, desc));
    this.parser = desc.createParser(this);
  }

  message(m: Message): void {
    if (this.live) this.pairer.add(m);
  }

  item(parts: { protocol?: ProtocolInfo; request: Message | null; response: Message | null; error?: ItemError | null }): void {
    if (this.live) this.host.emit(this.desc, parts.protocol, parts.request, parts.response, parts.error ?? null);
  }

  weird(name: string): void {
    this.host.weird(name);
  }

  violate(reason: string): void {
    if (!this.live) return;
    this.host.weird('dissect_violation');
    this.retire(`protocol violation (${reason})`);
    this.host.unpinned(this, reason);
  }

  handoff(id: string, initial?: InitialBytes[]): void {
    if (!this.live) return;
    this.retire(`flow handed off to ${id}`);
    this.host.handedOff(this, id, initial);
  }

  /** Flow over: let the parser flush, then emit what is still unpaired. */
  end(tsMs: number): void {
    if (!this.live) return;
    try {
      this.parser.end(tsMs);
    } catch {
      this.host.weird('dissect_parser_exception');
    }
    if (this.live) this.retire('flow ended before the response');
  }

  private retire(why: string): void {
    this.live = false;
    this.pairer.flush(this.host.now(), why);
  }
}

/** The pairer's options and output for one binding (a class, so no closures per flow). */
class PairOutput implements PairerOptions {
  readonly mode: DissectorDescriptor['pairing'];
  readonly maxPending: number;
  readonly timeoutMs: number | undefined;
  private readonly host: BindingHost;
  private readonly desc: DissectorDescriptor;

  constructor(host: BindingHost, desc: DissectorDescriptor) {
    this.host = host;
    this.desc = desc;
    this.mode = desc.pairing;
    this.maxPending = host.maxPending;
    this.timeoutMs = desc.pairTimeoutMs;
  }

  emit(req: Message | null, res: Message | null, error: ItemError | null): void {
    this.host.emit(this.desc, undefined, req, res, error);
  }

  weird(name: string): void {
    this.host.weird(name);
  }
}
