/**
 * Dissector registry (DESIGN.md §4.2, CONVENTIONS.md §2 "register, then hand off").
 * `createRegistry` first validates every descriptor and rejects duplicate ids, then —
 * only after all are collected — builds the lookup tables, so the order of the list never
 * changes the result:
 *  - port table per transport: port → descriptors listing it, best priority first
 *    (lower `protocol.priority` = preferred, as in Kubeshark; ties by id);
 *  - heuristic list per transport: every descriptor of that transport that is not
 *    `handoffOnly`, in the same order;
 *  - a fallback slot per transport (raw TCP/UDP dissectors) used when nothing claims a
 *    flow or a pinned parser violates.
 */
import type { Transport } from '../flow/flow.ts';
import type { DissectorDescriptor } from './descriptor.ts';
import { DissectorError, validateDescriptor } from './registry-validate.ts';

export { DissectorError } from './registry-validate.ts';

export type DissectTransport = Exclude<Transport, 'icmp'>;

export interface RegistryOptions {
  /** Dissector id per transport used for unclaimed and violated flows. Default: none. */
  fallback?: { tcp?: string; udp?: string };
}

export interface DissectorRegistry {
  get(id: string): DissectorDescriptor | undefined;
  /** Every registered descriptor, in table order (priority, then id). */
  all(): readonly DissectorDescriptor[];
  /** Descriptors whose port table lists `port` on `transport`, best priority first. */
  byPort(transport: DissectTransport, port: number): readonly DissectorDescriptor[];
  /** Every selectable (not handoff-only) descriptor of `transport`, best priority first. */
  heuristics(transport: DissectTransport): readonly DissectorDescriptor[];
  /**
   * True if some dissector lists `port` as a server port (on `transport`, or on any
   * transport when omitted). The flow table uses it to orient flows whose SYN was missed.
   */
  isServerPort(port: number, transport?: DissectTransport): boolean;
  /** The raw fallback dissector of `transport`, if one is registered. */
  fallback(transport: DissectTransport): DissectorDescriptor | undefined;
}

const NONE: readonly DissectorDescriptor[] = Object.freeze([]);

function byPriority(a: DissectorDescriptor, b: DissectorDescriptor): number {
  return a.protocol.priority - b.protocol.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/**
 * Validate `descriptors` and build the tables. Throws `DissectorError` with code
 * `ERR_DISSECTOR_INVALID` (bad field, unknown fallback) or `ERR_DISSECTOR_DUPLICATE`.
 */
export function createRegistry(descriptors: readonly DissectorDescriptor[], opts: RegistryOptions = {}): DissectorRegistry {
  const byId = new Map<string, DissectorDescriptor>();
  for (const d of descriptors) {
    validateDescriptor(d);
    if (byId.has(d.id)) {
      throw new DissectorError('ERR_DISSECTOR_DUPLICATE', `dissector id "${d.id}" is registered twice; give each descriptor a unique id`);
    }
    byId.set(d.id, d);
  }

  const sorted = [...byId.values()].sort(byPriority);
  const ports = { tcp: new Map<number, DissectorDescriptor[]>(), udp: new Map<number, DissectorDescriptor[]>() };
  const heur = { tcp: [] as DissectorDescriptor[], udp: [] as DissectorDescriptor[] };
  const anyPort = new Set<number>();
  for (const d of sorted) {
    if (d.handoffOnly) continue;
    heur[d.transport].push(d);
    const table = ports[d.transport];
    for (const p of new Set(d.ports)) {
      let list = table.get(p);
      if (!list) table.set(p, (list = []));
      list.push(d);
      anyPort.add(p);
    }
  }

  const fallbacks: { tcp?: DissectorDescriptor; udp?: DissectorDescriptor } = {};
  for (const t of ['tcp', 'udp'] as const) {
    const id = opts.fallback?.[t];
    if (id === undefined) continue;
    const d = byId.get(id);
    if (!d || d.transport !== t) {
      throw new DissectorError('ERR_DISSECTOR_INVALID', `fallback.${t} names "${id}", which is not a registered ${t} dissector; register it or drop the fallback`);
    }
    fallbacks[t] = d;
  }

  return {
    get: (id) => byId.get(id),
    all: () => sorted,
    byPort: (transport, port) => ports[transport].get(port) ?? NONE,
    heuristics: (transport) => heur[transport],
    isServerPort: (port, transport) => (transport ? ports[transport].has(port) : anyPort.has(port)),
    fallback: (transport) => fallbacks[transport],
  };
}
