/**
 * Test fixtures for dissection: literal flows, a session that records its items and
 * weirds, and helpers to feed byte streams in chosen or random splits.
 */
import type { Direction, FlowInfo, Transport } from '../../flow/flow.ts';
import { streamNameOf } from '../../flow/flow.ts';
import type { Item, ItemOrigin } from '../../item.ts';
import { Weirds } from '../../weird.ts';
import type { DissectorDescriptor } from '../descriptor.ts';
import { createRegistry } from '../registry.ts';
import type { DissectorRegistry, RegistryOptions } from '../registry.ts';
import { createFlowSession } from '../session.ts';
import type { FlowSession, SessionLimits } from '../session.ts';
import type { Rng } from './rng.ts';

export const ORIGIN: ItemOrigin = { worker: 'w1', nodeName: 'node-1', nodeIp: '10.0.0.1' };

export function flowOf(transport: Transport, serverPort: number, opts: { id?: number; clientPort?: number; firstSeenMs?: number } = {}): FlowInfo {
  const id = opts.id ?? 7;
  return {
    id,
    transport,
    ipVersion: 4,
    client: { ip: '10.1.0.2', port: opts.clientPort ?? 51000 },
    server: { ip: '10.1.0.3', port: serverPort },
    streamName: streamNameOf(id, transport),
    firstSeenMs: opts.firstSeenMs ?? 1_700_000_000_000,
  };
}

export interface Harness {
  session: FlowSession;
  items: Item[];
  weirds: Weirds;
  registry: DissectorRegistry;
  flow: FlowInfo;
}

export interface HarnessOptions {
  flow?: FlowInfo;
  registry?: DissectorRegistry;
  registryOptions?: RegistryOptions;
  limits?: SessionLimits;
  /** Called for every item after it is recorded. */
  onItem?: (item: Item) => void;
}

/** A session over `descriptors` (or a given registry) collecting items and weirds. */
export function harness(descriptors: DissectorDescriptor[], o: HarnessOptions = {}): Harness {
  const registry = o.registry ?? createRegistry(descriptors, o.registryOptions);
  const flow = o.flow ?? flowOf('tcp', 80);
  const items: Item[] = [];
  const weirds = new Weirds();
  const session = createFlowSession({ registry, flow, origin: ORIGIN, weirds, onItem: (i) => {
    items.push(i);
    o.onItem?.(i);
  }, limits: o.limits });
  return { session, items, weirds, registry, flow };
}

export type Step = { dir: Direction; bytes: Uint8Array | string; ts?: number } | { dir: Direction; gap: number; ts?: number };

export function bytesOf(s: Uint8Array | string): Uint8Array {
  return typeof s === 'string' ? Buffer.from(s, 'latin1') : s;
}

/**
 * Feed `steps` in order, each data step cut into pieces by `split` (default: whole).
 * Pieces are fresh copies so a parser that keeps a view would be caught by the
 * poisoning of the previous piece.
 */
export const BASE_TS = 1_700_000_000_000;

/** Returns the packet time of the last step. */
export function feed(session: FlowSession, steps: Step[], split?: (len: number) => number[], baseTs = BASE_TS): number {
  let ts = baseTs;
  for (const s of steps) {
    ts = s.ts ?? ts + 1;
    if ('gap' in s) {
      session.gap(s.dir, s.gap, ts);
      continue;
    }
    const b = bytesOf(s.bytes);
    const cuts = split ? split(b.length) : [b.length];
    let p = 0;
    for (const n of cuts) {
      const piece = new Uint8Array(b.subarray(p, p + n));
      session.data(s.dir, piece, ts);
      piece.fill(0x5a);
      p += n;
    }
  }
  return ts;
}

/** Cut lengths of 1 byte each. */
export const byteByByte = (len: number): number[] => new Array(len).fill(1);

/** Random cut lengths (1..max) summing to `len`. */
export function randomSplit(rng: Rng, max = 64): (len: number) => number[] {
  return (len) => {
    const out: number[] = [];
    let left = len;
    while (left > 0) {
      const n = Math.min(left, 1 + rng.int(max));
      out.push(n);
      left -= n;
    }
    return out;
  };
}

/** Run `steps` through a fresh harness and end the flow. */
export function run(descriptors: DissectorDescriptor[], steps: Step[], o: HarnessOptions & { split?: (len: number) => number[] } = {}): Harness {
  const h = harness(descriptors, o);
  const last = feed(h.session, steps, o.split);
  h.session.end('fin', last + 1);
  return h;
}
