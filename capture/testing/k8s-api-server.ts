/**
 * Test helper: a loopback Kubernetes list+watch server — not a Kubernetes API server, only
 * the part informers use, speaking its wire protocol (RECIPES.md §2d, Appendix C):
 *
 *   GET /api/v1/pods                      → PodList {metadata.resourceVersion, items}
 *   GET /api/v1/pods?watch=true&resourceVersion=N
 *       → a chunked stream of `{"type":"ADDED|MODIFIED|DELETED|ERROR","object":…}` lines,
 *         first replaying every change after N, then live changes.
 *
 * Resources: pods, services, nodes, namespaces (core/v1) and endpointslices
 * (discovery.k8s.io/v1), cluster-wide or under /namespaces/NS/. Each change gets the next
 * resourceVersion. `expire(resource)` sends a 410 Expired ERROR event and ends the stream
 * (the informer relists); `silently()` changes objects without events (what a client
 * misses while disconnected). `kubeconfig(dir)` writes a kubeconfig for client-node
 * (http:// needs insecure-skip-tls-verify there).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';

export type K8sResource = 'pods' | 'services' | 'endpointslices' | 'nodes' | 'namespaces';
type Obj = Record<string, any>;
interface Change {
  rv: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: Obj;
}

const LIST_KIND: Record<K8sResource, [kind: string, apiVersion: string]> = {
  pods: ['Pod', 'v1'],
  services: ['Service', 'v1'],
  nodes: ['Node', 'v1'],
  namespaces: ['Namespace', 'v1'],
  endpointslices: ['EndpointSlice', 'discovery.k8s.io/v1'],
};
const PATH = /^\/(?:api\/v1|apis\/discovery\.k8s\.io\/v1)(?:\/namespaces\/([^/]+))?\/(pods|services|nodes|namespaces|endpointslices)$/;

export class K8sListWatchServer {
  /** "GET /api/v1/pods?watch=true&resourceVersion=7", in arrival order. */
  readonly requests: string[] = [];
  private rv = 100;
  private readonly objects = new Map<K8sResource, Map<string, Obj>>();
  private readonly changes = new Map<K8sResource, Change[]>();
  private readonly watchers = new Map<K8sResource, Set<{ res: http.ServerResponse; ns: string | undefined }>>();
  private constructor(private readonly server: http.Server) {}

  static async start(port = 0): Promise<K8sListWatchServer> {
    const server = http.createServer();
    const s = new K8sListWatchServer(server);
    server.on('request', (req, res) => s.handle(req, res));
    await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    return s;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** Watch streams open on `resource`. */
  watching(resource: K8sResource): number {
    return this.watchers.get(resource)?.size ?? 0;
  }

  add(resource: K8sResource, obj: Obj): Obj {
    return this.change(resource, 'ADDED', obj, true);
  }
  modify(resource: K8sResource, obj: Obj): Obj {
    return this.change(resource, 'MODIFIED', obj, true);
  }
  remove(resource: K8sResource, obj: Obj): Obj {
    return this.change(resource, 'DELETED', obj, true);
  }

  /** Change objects without watch events (clients see it only by relisting). */
  silently(resource: K8sResource, type: Change['type'], obj: Obj): Obj {
    return this.change(resource, type, obj, false);
  }

  /** 410 Expired on every watch of `resource`, then end them; old resourceVersions are gone. */
  expire(resource: K8sResource): void {
    const status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'too old resource version', reason: 'Expired', code: 410 };
    for (const w of this.watchers.get(resource) ?? []) {
      w.res.write(JSON.stringify({ type: 'ERROR', object: status }) + '\n');
      w.res.end();
    }
    this.watchers.get(resource)?.clear();
    this.changes.set(resource, []);
  }

  /** Writes a kubeconfig pointing at this server; returns its path. */
  async kubeconfig(dir: string): Promise<string> {
    const file = path.join(dir, 'kubeconfig');
    await writeFile(
      file,
      [
        'apiVersion: v1',
        'kind: Config',
        'clusters: [{name: loopback, cluster: {server: "' + this.url + '", insecure-skip-tls-verify: true}}]',
        'users: [{name: tester, user: {token: test-token}}]',
        'contexts: [{name: loopback, context: {cluster: loopback, user: tester}}]',
        'current-context: loopback',
        '',
      ].join('\n'),
    );
    return file;
  }

  async close(): Promise<void> {
    for (const set of this.watchers.values()) for (const w of set) w.res.end();
    this.server.closeAllConnections();
    await new Promise((r) => this.server.close(r));
  }

  private change(resource: K8sResource, type: Change['type'], input: Obj, notify: boolean): Obj {
    const [kind, apiVersion] = LIST_KIND[resource];
    const obj: Obj = { kind, apiVersion, ...structuredClone(input) };
    obj.metadata = { ...obj.metadata, resourceVersion: String(++this.rv) };
    const key = `${obj.metadata.namespace ?? ''}/${obj.metadata.name}`;
    const map = this.objects.get(resource) ?? new Map<string, Obj>();
    this.objects.set(resource, map);
    if (type === 'DELETED') map.delete(key);
    else map.set(key, obj);
    if (!notify) return obj;
    const c: Change = { rv: this.rv, type, object: obj };
    const log = this.changes.get(resource) ?? [];
    log.push(c);
    this.changes.set(resource, log);
    for (const w of this.watchers.get(resource) ?? []) this.send(w, c);
    return obj;
  }

  private send(w: { res: http.ServerResponse; ns: string | undefined }, c: Change): void {
    if (w.ns === undefined || c.object.metadata.namespace === w.ns) w.res.write(JSON.stringify({ type: c.type, object: c.object }) + '\n');
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const u = new URL(req.url ?? '/', 'http://x');
    this.requests.push(`${req.method} ${u.pathname}${u.search}`);
    const m = PATH.exec(u.pathname);
    res.setHeader('content-type', 'application/json');
    if (req.method !== 'GET' || m === null) {
      res.writeHead(404).end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code: 404, reason: 'NotFound' }));
      return;
    }
    const ns = m[1];
    const resource = m[2] as K8sResource;
    if (u.searchParams.get('watch') === 'true') {
      res.writeHead(200);
      res.flushHeaders();
      const w = { res, ns };
      const since = Number(u.searchParams.get('resourceVersion') || this.rv);
      for (const c of this.changes.get(resource) ?? []) if (c.rv > since) this.send(w, c);
      const set = this.watchers.get(resource) ?? new Set();
      this.watchers.set(resource, set);
      set.add(w);
      req.on('close', () => set.delete(w));
      return;
    }
    const items = [...(this.objects.get(resource)?.values() ?? [])].filter((o) => ns === undefined || o.metadata.namespace === ns);
    const [kind, apiVersion] = LIST_KIND[resource];
    res.end(JSON.stringify({ kind: `${kind}List`, apiVersion, metadata: { resourceVersion: String(this.rv) }, items }));
  }
}
