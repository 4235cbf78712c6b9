/**
 * Informers (client-node 1.4.0 `makeInformer`: list, then watch from the list's
 * resourceVersion) on pods, services, EndpointSlices, nodes and namespaces, cluster-wide.
 * Every add / update / delete becomes `onEvent(kind, 'ADDED' | 'MODIFIED' | 'DELETED', obj)`.
 *
 * Recovery: a watch stream that ends is re-watched from the same resourceVersion by the
 * informer; a 410 Expired makes it relist and diff (deletes and adds for what changed).
 * Any other error stops a client-node informer, so it is restarted here after a back-off
 * doubling from 500 ms to 30 s (reset by a successful list), and counted.
 */
import { CoreV1Api, DiscoveryV1Api, makeInformer, type Informer, type KubeConfig, type KubernetesListObject, type KubernetesObject } from '@kubernetes/client-node';
import type { KubeKind, WatchEventType } from './identity.ts';

export interface KubeWatchOptions {
  onEvent(kind: KubeKind, type: WatchEventType, obj: KubernetesObject): void;
  log(line: string): void;
  /** Longest back-off between restarts after errors, ms (default 30000). */
  maxBackoffMs?: number;
}

export class KubeWatchStats {
  events = 0;
  /** Full lists (the initial one per resource, then relists after 410 or restarts). */
  lists = 0;
  errors = 0;
  restarts = 0;
}

type ListFn = () => Promise<KubernetesListObject<KubernetesObject>>;

export class KubeWatch {
  readonly stats = new KubeWatchStats();
  private readonly informers: { kind: KubeKind; informer: Informer<KubernetesObject>; backoff: number; timer?: NodeJS.Timeout }[] = [];
  private stopped = false;

  constructor(
    kc: KubeConfig,
    private readonly o: KubeWatchOptions,
  ) {
    const core = kc.makeApiClient(CoreV1Api);
    const discovery = kc.makeApiClient(DiscoveryV1Api);
    const resources: [KubeKind, string, ListFn][] = [
      ['Namespace', '/api/v1/namespaces', () => core.listNamespace()],
      ['Node', '/api/v1/nodes', () => core.listNode()],
      ['Service', '/api/v1/services', () => core.listServiceForAllNamespaces()],
      ['EndpointSlice', '/apis/discovery.k8s.io/v1/endpointslices', () => discovery.listEndpointSliceForAllNamespaces()],
      ['Pod', '/api/v1/pods', () => core.listPodForAllNamespaces()],
    ];
    for (const [kind, path, list] of resources) {
      const entry = { kind, backoff: 500, informer: makeInformer<KubernetesObject>(kc, path, this.counted(list, () => (entry.backoff = 500))) };
      const inf = entry.informer;
      inf.on('add', (obj) => this.emit(kind, 'ADDED', obj));
      inf.on('update', (obj) => this.emit(kind, 'MODIFIED', obj));
      inf.on('delete', (obj) => this.emit(kind, 'DELETED', obj));
      inf.on('error', (err) => this.restartLater(entry, err));
      this.informers.push(entry);
    }
  }

  /** Start every informer; resolves once each has listed (or failed its first list, then it retries). */
  async start(): Promise<void> {
    await Promise.all(this.informers.map((e) => e.informer.start().catch((err: unknown) => this.restartLater(e, err))));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    for (const e of this.informers) clearTimeout(e.timer);
    await Promise.all(this.informers.map((e) => e.informer.stop().catch(() => undefined)));
  }

  private emit(kind: KubeKind, type: WatchEventType, obj: KubernetesObject): void {
    this.stats.events++;
    this.o.onEvent(kind, type, obj);
  }

  private counted(list: ListFn, ok: () => void): ListFn {
    return async () => {
      this.stats.lists++;
      const r = await list();
      ok();
      return r;
    };
  }

  private restartLater(e: (typeof this.informers)[number], err: unknown): void {
    this.stats.errors++;
    if (this.stopped || e.timer) return;
    const delay = e.backoff;
    e.backoff = Math.min(this.o.maxBackoffMs ?? 30_000, e.backoff * 2);
    this.o.log(`wirehook: kubernetes ${e.kind} watch failed (${describe(err)}); retrying in ${delay} ms`);
    e.timer = setTimeout(() => {
      e.timer = undefined;
      if (this.stopped) return;
      this.stats.restarts++;
      e.informer.start().catch((err2: unknown) => this.restartLater(e, err2));
    }, delay);
  }
}

function describe(err: unknown): string {
  if (err && typeof err === 'object') {
    const e = err as { code?: unknown; statusCode?: unknown; message?: unknown; body?: unknown };
    const status = e.code ?? e.statusCode;
    return [status, e.message].filter(Boolean).join(' ') || String(err);
  }
  return String(err);
}
