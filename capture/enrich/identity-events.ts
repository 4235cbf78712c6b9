/**
 * Timed watch events in identity files (`identity.file`, `wirehook generate --identity`):
 * what happened to the cluster while a capture was recorded, so a replay resolves each
 * packet as of its own time and scripts get `onPodEvent` when the replay reaches it.
 *
 *   events:
 *     - at: 2026-01-01T00:00:41.000Z        # RFC 3339, or epoch ms
 *       type: MODIFIED                       # ADDED | MODIFIED | DELETED
 *       object: { kind: Pod, metadata: {…}, status: {…} }
 *
 * An event is applied like an informer event at `at` (an address it adds belongs to the
 * object from then on; one it drops stops resolving then). `IdentityTimeline` hands the
 * events out in time order as packet time passes them.
 */
import type { ClusterState } from './cluster-state.ts';
import type { KubeKind, KubeObject, WatchEventType } from './identity.ts';

export interface IdentityEvent {
  /** Epoch ms. */
  at: number;
  kind: KubeKind;
  type: WatchEventType;
  object: KubeObject;
}

const KINDS: ReadonlySet<string> = new Set(['Pod', 'Service', 'EndpointSlice', 'Node', 'Namespace']);
const TYPES: ReadonlySet<string> = new Set(['ADDED', 'MODIFIED', 'DELETED']);

/** Reason an `events` entry is unusable, or null. */
function invalid(e: unknown): string | null {
  if (!e || typeof e !== 'object') return 'is not a map';
  const o = e as Record<string, any>;
  if (!TYPES.has(o.type)) return 'needs type ADDED, MODIFIED or DELETED';
  if (!o.object || typeof o.object !== 'object' || !KINDS.has(o.object.kind)) return 'needs an object with kind Pod, Service, EndpointSlice, Node or Namespace';
  if (!o.object.metadata?.name) return 'has an object without metadata.name';
  if (!Number.isFinite(timeOf(o.at))) return 'needs at: an RFC 3339 time or epoch milliseconds';
  return null;
}

function timeOf(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v instanceof Date) return v.getTime();
  return typeof v === 'string' ? Date.parse(v) : NaN;
}

/**
 * The `events` of an identity document, sorted by time (stable), or [] when it has none.
 * `fail(what)` builds the error thrown for a malformed entry.
 */
export function parseIdentityEvents(doc: unknown, fail: (what: string) => Error): IdentityEvent[] {
  const list = doc && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>).events : undefined;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw fail("'events' must be a list");
  const out = list.map((e, i) => {
    const why = invalid(e);
    if (why) throw fail(`events[${i}] ${why}`);
    const o = e as Record<string, any>;
    return { at: timeOf(o.at), kind: o.object.kind as KubeKind, type: o.type as WatchEventType, object: o.object as KubeObject };
  });
  return out.sort((a, b) => a.at - b.at);
}

/** Apply one event to the cluster state at its time; returns the normalized object. */
export function applyIdentityEvent(cluster: ClusterState, e: IdentityEvent): KubeObject {
  return cluster.apply(e.kind, e.type, e.object, { at: e.at, from: e.at });
}

/** Events handed out once each, in time order, as time passes them. */
export class IdentityTimeline {
  private next = 0;

  constructor(private readonly events: readonly IdentityEvent[]) {}

  /** Events not handed out yet. */
  get pending(): number {
    return this.events.length - this.next;
  }

  /** Time of the next event, or Infinity. */
  get nextAt(): number {
    return this.next < this.events.length ? this.events[this.next].at : Infinity;
  }

  /** The events at or before `t` not handed out yet. */
  due(t: number): IdentityEvent[] {
    if (this.next >= this.events.length || this.events[this.next].at > t) return [];
    const start = this.next;
    while (this.next < this.events.length && this.events[this.next].at <= t) this.next++;
    return this.events.slice(start, this.next);
  }
}
