/**
 * ICMP and ICMPv6 items. ICMP flows (keyed by their two addresses) get an `IcmpSession`
 * instead of a dissector session; the pipeline hands it each decoded packet (type, code
 * and body are on the DecodedPacket) through `icmpPacket`, and its items go down the same
 * item path as every other item, indexed per flow.
 *
 *  - Echo requests and replies pair by (identifier, sequence) — request in `request`, reply
 *    in `response`, round trip in `elapsedTime`; a request with no reply is emitted after
 *    10 s of packet time (`timeout`) or at the end of the flow (`pair-not-found`).
 *  - Every other message (unreachable, time exceeded, NDP ...) is an item of its own with
 *    the message in `request`; errors carry the original packet's tuple (icmp-message.ts).
 *
 * Protocol: name/macro 'icmp', abbr 'ICMP', version '4' or '6'. `layer4` must be 'tcp' or
 * 'udp' in the shared ProtocolInfo type; ICMP items say 'udp' (datagram semantics) and the
 * KFL `udp`/`tcp` macros exclude macro 'icmp' explicitly.
 */
import type { DecodedPacket } from '../../decode/decoded-packet.ts';
import type { Direction, FlowConsumer, FlowEndReason, FlowInfo } from '../../flow/flow.ts';
import { buildItem, type Item, type ItemError, type ItemOrigin, type Message, type ProtocolInfo } from '../../item.ts';
import type { Weirds } from '../../weird.ts';
import { icmpMessage, restWord } from './icmp-message.ts';

export const ICMP_PROTOCOL: ProtocolInfo = Object.freeze({
  name: 'icmp',
  version: '4',
  abbr: 'ICMP',
  longName: 'Internet Control Message Protocol',
  macro: 'icmp',
  backgroundColor: '#8e44ad',
  foregroundColor: '#ffffff',
  fontSize: 12,
  referenceLink: 'https://datatracker.ietf.org/doc/html/rfc792',
  ports: Object.freeze([]) as unknown as string[],
  layer4: 'udp',
  priority: 100,
});

export const ICMPV6_PROTOCOL: ProtocolInfo = Object.freeze({
  ...ICMP_PROTOCOL,
  version: '6',
  longName: 'Internet Control Message Protocol for IPv6',
  referenceLink: 'https://datatracker.ietf.org/doc/html/rfc4443',
});

/** Echo requests waiting for a reply per flow, and how long they wait (packet time). */
export const ICMP_MAX_PENDING = 256;
export const ICMP_ECHO_TIMEOUT_MS = 10_000;

export interface IcmpSessionOptions {
  flow: FlowInfo;
  origin: ItemOrigin;
  weirds: Weirds;
  /** Receives every item of the flow. Must not throw. */
  onItem(item: Item): void;
}

export class IcmpSession implements FlowConsumer {
  private readonly o: IcmpSessionOptions;
  private readonly protocol: ProtocolInfo;
  /** Echo requests waiting for their reply, oldest first (key = identifier << 16 | sequence). */
  private readonly pending: Message[] = [];
  private index = 0;
  private ended = false;

  constructor(o: IcmpSessionOptions) {
    this.o = o;
    this.protocol = o.flow.ipVersion === 6 ? ICMPV6_PROTOCOL : ICMP_PROTOCOL;
  }

  /** One decoded ICMP/ICMPv6 packet of this flow. */
  packet(_dir: Direction, p: DecodedPacket): void {
    if (this.ended || p.icmpType < 0) return;
    const m = icmpMessage(p.ipProto === 58, p.icmpType, p.icmpCode, restWord(p.payload, p.raw.data), p.payload, p.payloadWireLength);
    const f = m.fields;
    this.expire(p.tsMs);
    const msg: Message = { kind: 'request', tsMs: p.tsMs, size: f.size as number, fields: f };
    if (m.kind === 'other') return this.emit(msg, null, null);
    msg.key = f.identifier === null ? -1 : ((f.identifier as number) << 16) | (f.sequence as number);
    if (m.kind === 'echo-request') {
      if (this.pending.length >= ICMP_MAX_PENDING) {
        this.o.weirds.add('icmp_echo_overflow');
        this.emit(this.pending.shift()!, null, { type: 'pair-not-found', msg: `more than ${ICMP_MAX_PENDING} echo requests waiting` });
      }
      this.pending.push(msg);
      return;
    }
    msg.kind = 'response';
    const pend = this.pending;
    for (let i = 0; i < pend.length; i++) {
      if (pend[i].key !== msg.key) continue;
      const req = pend[i];
      pend.splice(i, 1);
      return this.emit(req, msg, null);
    }
    this.emit(null, msg, null);
  }

  /** ICMP bodies arrive through `packet`; the flow table's datagram delivery is ignored. */
  data(): void {}

  gap(): void {}

  end(_reason: FlowEndReason, tsMs: number): void {
    if (this.ended) return;
    this.ended = true;
    this.expire(tsMs);
    for (const req of this.pending) this.emit(req, null, { type: 'pair-not-found', msg: 'no echo reply: flow ended' });
    this.pending.length = 0;
  }

  /** Emit the echo requests older than the timeout, as of packet time `nowMs`. */
  private expire(nowMs: number): void {
    const limit = nowMs - ICMP_ECHO_TIMEOUT_MS;
    while (this.pending.length > 0 && this.pending[0].tsMs < limit) {
      this.emit(this.pending.shift()!, null, { type: 'timeout', msg: `no echo reply within ${ICMP_ECHO_TIMEOUT_MS} ms` });
    }
  }

  private emit(req: Message | null, res: Message | null, err: ItemError | null): void {
    const item = buildItem(this.o.origin, this.o.flow, this.index++, this.protocol, req, res, err);
    try {
      this.o.onItem(item);
    } catch {
      this.o.weirds.add('icmp_on_item_exception');
    }
  }
}

/** Create the consumer of a new ICMP flow. */
export function createIcmpSession(o: IcmpSessionOptions): IcmpSession {
  return new IcmpSession(o);
}

/** Pipeline hook: hand an ICMP packet to its flow's session (ignored for any other consumer). */
export function icmpPacket(consumer: FlowConsumer | undefined, dir: Direction, p: DecodedPacket): void {
  if (consumer instanceof IcmpSession) consumer.packet(dir, p);
}
