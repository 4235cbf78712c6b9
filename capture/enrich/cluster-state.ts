/**
 * The cluster as this node knows it: current pods, services, EndpointSlices, nodes and
 * namespaces (from informers or a static file, through the same `apply`), and the
 * time-aware IP → owner history that resolves packet endpoints as of their timestamp.
 *
 * `apply(kind, event, obj, {at, from})`:
 *  - `at`: when the event happened (default now) — a deleted pod's IPs stop resolving to
 *    it from then on;
 *  - `from`: when a newly seen IP began to belong to the object (default its
 *    creationTimestamp; -Infinity for static identities, valid for any packet time).
 * Resolution precedence for one IP: pod, then service, then node (a host-network pod is a
 * node address). Ended spans are kept for `historyMs` (`prune`).
 */
import { IpHistory, type Span } from './ip-history.ts';
import type { EndpointIdentity, KubeKind, KubeObject, WatchEventType } from './identity.ts';
import { createdAt, keyOf, labelsOf, nameOf, namespaceOf, nodeIps, normalizeObject, podIps, serviceIps, slicePodKeys, sliceServiceKey } from './k8s-objects.ts';

type OwnerKind = 'Pod' | 'Service' | 'Node';

/** What an IP span points at; its identity is rebuilt lazily when the state changed. */
export interface Owner {
  kind: OwnerKind;
  key: string;
  obj: KubeObject;
  identity?: EndpointIdentity;
  identityVersion?: number;
}

export interface ApplyTimes {
  at?: number;
  from?: number;
}

export class ClusterState {
  readonly pods = new Map<string, KubeObject>();
  readonly services = new Map<string, KubeObject>();
  readonly slices = new Map<string, KubeObject>();
  readonly nodes = new Map<string, KubeObject>();
  readonly namespaces = new Map<string, KubeObject>();
  /** Bumped on every change. */
  version = 0;
  private readonly histories: Record<OwnerKind, IpHistory<Owner>> = { Pod: new IpHistory(), Service: new IpHistory(), Node: new IpHistory() };
  private readonly ipsOf = new Map<string, string[]>();
  private readonly sliceOfPod = new Map<string, KubeObject>();

  constructor(private readonly now: () => number = Date.now) {}

  /** Apply one watch event (or one static entry as 'ADDED'); returns the normalized object. */
  apply(kind: KubeKind, event: WatchEventType, raw: unknown, t: ApplyTimes = {}): KubeObject {
    const obj = normalizeObject(raw);
    const at = t.at ?? this.now();
    const key = keyOf(obj);
    this.version++;
    const deleted = event === 'DELETED';
    switch (kind) {
      case 'Pod':
        this.track('Pod', key, obj, deleted ? [] : podIps(obj), at, t.from ?? createdAt(obj) ?? at);
        return store(this.pods, key, obj, deleted);
      case 'Service':
        this.track('Service', key, obj, deleted ? [] : serviceIps(obj), at, t.from ?? createdAt(obj) ?? at);
        return store(this.services, key, obj, deleted);
      case 'Node':
        this.track('Node', key, obj, deleted ? [] : nodeIps(obj), at, t.from ?? createdAt(obj) ?? at);
        return store(this.nodes, key, obj, deleted);
      case 'EndpointSlice': {
        const old = this.slices.get(key);
        if (old) for (const p of slicePodKeys(old)) if (this.sliceOfPod.get(p) === old) this.sliceOfPod.delete(p);
        if (!deleted) for (const p of slicePodKeys(obj)) this.sliceOfPod.set(p, obj);
        return store(this.slices, key, obj, deleted);
      }
      case 'Namespace':
        return store(this.namespaces, key, obj, deleted);
    }
  }

  /** What `ip` was at time `t` (epoch ms), or null. */
  resolve(ip: string, t: number): EndpointIdentity | null {
    const o = this.histories.Pod.at(ip, t) ?? this.histories.Service.at(ip, t) ?? this.histories.Node.at(ip, t);
    return o === undefined ? null : this.identityOf(o);
  }

  /** The identity a span's owner stands for (cached until the state changes). */
  identityOf(o: Owner): EndpointIdentity {
    if (o.identityVersion !== this.version || o.identity === undefined) {
      o.identity = this.buildIdentity(o);
      o.identityVersion = this.version;
    }
    return o.identity;
  }

  /** Every IP span (for nameResolutionHistory). */
  *spans(): IterableIterator<[string, Span<Owner>]> {
    for (const h of Object.values(this.histories)) yield* h.entries();
  }

  /** Forget identities that ended before `before`. */
  prune(before: number): void {
    for (const h of Object.values(this.histories)) h.prune(before);
  }

  /** The service and EndpointSlice fronting a pod (current), or nulls. */
  serviceOfPod(podKey: string): { service: KubeObject | null; endpointSlice: KubeObject | null } {
    const slice = this.sliceOfPod.get(podKey) ?? null;
    const svcKey = slice ? sliceServiceKey(slice) : undefined;
    return { service: (svcKey && this.services.get(svcKey)) || null, endpointSlice: slice };
  }

  private buildIdentity(o: Owner): EndpointIdentity {
    const obj = o.obj;
    if (o.kind === 'Pod') {
      const { service, endpointSlice } = this.serviceOfPod(o.key);
      return { name: nameOf(obj), namespace: namespaceOf(obj), pod: obj, service, endpointSlice, node: String(obj.spec?.nodeName ?? ''), labels: labelsOf(obj), mechanism: 'pod-ip' };
    }
    if (o.kind === 'Service') {
      return { name: nameOf(obj), namespace: namespaceOf(obj), pod: null, service: obj, endpointSlice: null, node: '', labels: labelsOf(obj), mechanism: 'service-ip' };
    }
    return { name: nameOf(obj), namespace: '', pod: null, service: null, endpointSlice: null, node: nameOf(obj), labels: labelsOf(obj), mechanism: 'node-ip' };
  }

  /** Move `key`'s IP spans to `ips`: closes dropped ones at `at`, opens new ones from `from`. */
  private track(kind: OwnerKind, key: string, obj: KubeObject, ips: string[], at: number, from: number): void {
    const h = this.histories[kind];
    const id = `${kind} ${key}`;
    const mine = (o: Owner): boolean => o.key === key;
    const old = this.ipsOf.get(id) ?? [];
    for (const ip of old) if (!ips.includes(ip)) h.close(ip, at, mine);
    const owner: Owner = { kind, key, obj };
    for (const ip of ips) if (!h.update(ip, owner, mine)) h.open(ip, old.includes(ip) ? at : from, owner);
    if (ips.length) this.ipsOf.set(id, ips);
    else this.ipsOf.delete(id);
  }
}

function store(map: Map<string, KubeObject>, key: string, obj: KubeObject, deleted: boolean): KubeObject {
  if (deleted) map.delete(key);
  else map.set(key, obj);
  return obj;
}
