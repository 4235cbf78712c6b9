/**
 * The flow table's index: flows by a 30-bit hash of their endpoints, chained through
 * `Flow.tableNext` on collisions. Hashing reads the decoder's numeric address keys
 * (`DecodedPacket.srcIpKey`/`dstIpKey`), never the address text, so a lookup costs a few
 * integer operations, one small-integer Map probe and a field compare — no key string is
 * built per packet. The hash is symmetric (both directions of a conversation land in the
 * same chain); a flow matches a packet when transport, addresses and ports match in
 * either orientation (ICMP flows: addresses only). A small direct-mapped cache of recently
 * found flows sits in front of the Map: the few dozen conversations active at a time are
 * found there without probing a table of (mostly lingering) flows.
 */
import type { DecodedPacket } from '../decode/decoded-packet.ts';
import { ipAddressKeyOfText } from '../decode/ip-address.ts';
import type { Direction, Transport } from './flow.ts';
import type { Flow } from './flow-state.ts';

function endpointHash(addrKey: number, port: number): number {
  let x = Math.imul(addrKey, 0x9e3779b1) ^ port;
  x = Math.imul(x ^ (x >>> 15), 0x85ebca6b);
  return x ^ (x >>> 13);
}

/** Symmetric hash of the packet's flow (0 .. 2^30-1, a small integer). */
export function flowHash(pkt: DecodedPacket, transport: Transport): number {
  const sk = pkt.srcIpKey !== 0 ? pkt.srcIpKey : ipAddressKeyOfText(pkt.srcIp);
  const dk = pkt.dstIpKey !== 0 ? pkt.dstIpKey : ipAddressKeyOfText(pkt.dstIp);
  const icmp = transport === 'icmp';
  let h = (endpointHash(sk, icmp ? 0 : pkt.srcPort) + endpointHash(dk, icmp ? 0 : pkt.dstPort) + (transport === 'tcp' ? 6 : icmp ? 1 : 17)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x27d4eb2d);
  return (h ^ (h >>> 15)) & 0x3fffffff;
}

/**
 * Direction of `pkt` within `flow` (0 = from the client, 1 = from the server), or -1 when
 * the packet is not part of it. The caller has checked the transport.
 */
export function directionIn(flow: Flow, pkt: DecodedPacket): Direction | -1 {
  const c = flow.client;
  const s = flow.server;
  if (flow.transport === 'icmp') {
    if (pkt.srcIp === c.ip && pkt.dstIp === s.ip) return 0;
    return pkt.srcIp === s.ip && pkt.dstIp === c.ip ? 1 : -1;
  }
  if (pkt.srcPort === c.port && pkt.dstPort === s.port && pkt.srcIp === c.ip && pkt.dstIp === s.ip) return 0;
  return pkt.srcPort === s.port && pkt.dstPort === c.port && pkt.srcIp === s.ip && pkt.dstIp === c.ip ? 1 : -1;
}

const RECENT_SLOTS = 1024;

export class FlowIndex {
  /** Chain heads by hash. */
  private readonly heads = new Map<number, Flow>();
  /** Recently found or added flows by hash & (RECENT_SLOTS - 1); always indexed ones. */
  private readonly recent: (Flow | null)[] = new Array<Flow | null>(RECENT_SLOTS).fill(null);
  private count = 0;
  /** Direction of the packet in the flow the last `find` returned. */
  dir: Direction = 0;

  get size(): number {
    return this.count;
  }

  /** The flow `pkt` belongs to (setting `dir`), or undefined. `hash` is `flowHash(pkt, transport)`. */
  find(pkt: DecodedPacket, transport: Transport, hash: number): Flow | undefined {
    const slot = hash & (RECENT_SLOTS - 1);
    const r = this.recent[slot];
    if (r !== null && r.tableHash === hash && r.transport === transport) {
      const d = directionIn(r, pkt);
      if (d !== -1) {
        this.dir = d;
        return r;
      }
    }
    for (let f: Flow | null = this.heads.get(hash) ?? null; f !== null; f = f.tableNext) {
      if (f.transport !== transport) continue;
      const d = directionIn(f, pkt);
      if (d !== -1) {
        this.dir = d;
        this.recent[slot] = f;
        return f;
      }
    }
    return undefined;
  }

  /** Add a flow whose `tableHash` is set; it must not be indexed yet. */
  add(flow: Flow): void {
    const head = this.heads.get(flow.tableHash);
    flow.tableNext = head ?? null;
    this.heads.set(flow.tableHash, flow);
    this.recent[flow.tableHash & (RECENT_SLOTS - 1)] = flow;
    this.count++;
  }

  /** Remove an indexed flow. */
  remove(flow: Flow): void {
    const h = flow.tableHash;
    if (this.recent[h & (RECENT_SLOTS - 1)] === flow) this.recent[h & (RECENT_SLOTS - 1)] = null;
    const head = this.heads.get(h);
    if (head === flow) {
      if (flow.tableNext === null) this.heads.delete(h);
      else this.heads.set(h, flow.tableNext);
    } else {
      let prev: Flow | null = head ?? null;
      while (prev !== null && prev.tableNext !== flow) prev = prev.tableNext;
      if (prev === null) return;
      prev.tableNext = flow.tableNext;
    }
    flow.tableNext = null;
    this.count--;
  }

  *values(): IterableIterator<Flow> {
    for (const head of this.heads.values()) {
      for (let f: Flow | null = head; f !== null; ) {
        const next: Flow | null = f.tableNext;
        yield f;
        f = next;
      }
    }
  }
}
