/**
 * The demo cluster: 3 nodes, 4 namespaces (shop, payments, data, kube-system), 21
 * workloads / 28 pods, their services, and the external hosts they call. Pure data, the
 * same for every seed (names and addresses are stable, so saved identity files, scripts
 * and dashboards keep matching); only the traffic depends on the seed.
 *
 * Addresses: nodes 172.18.0.2–4, pods 10.244.<node>.<n>, services 10.96.x.y (kube-dns is
 * 10.96.0.10), internet clients 198.51.100.0/24, external hosts in 203.0.113.0/24.
 */

export type DemoProtocol = 'http' | 'grpc' | 'postgres' | 'redis' | 'kafka' | 'dns' | 'none';

export interface DemoNode {
  name: string;
  ip: string;
  /** Pod CIDR third octet: pods of this node are 10.244.<index>.x. */
  index: number;
  zone: string;
}

export interface Workload {
  /** App label and, unless `service` says otherwise, the service name. */
  app: string;
  namespace: string;
  kind: 'Deployment' | 'StatefulSet' | 'DaemonSet';
  replicas: number;
  /** The port the pods serve (and the service exposes). */
  port: number;
  protocol: DemoProtocol;
  /** Service name ("" = no service). */
  service: string;
  serviceIp: string;
  version: string;
  /** Node indexes the replicas run on, in order (DaemonSets: every node). */
  placement: number[];
  /** Host network (kube-proxy): the pod's address is its node's. */
  hostNetwork?: boolean;
  /** Liveness probe path served over HTTP/1.1 on `port` ("" = TCP probe / none). */
  probe?: string;
}

export interface DemoPod {
  name: string;
  namespace: string;
  workload: Workload;
  node: DemoNode;
  ip: string;
  /** Pod template hash / StatefulSet ordinal part of the name. */
  suffix: string;
}

export interface ExternalHost {
  host: string;
  ip: string;
  port: number;
}

export const NODES: readonly DemoNode[] = [
  { name: 'node-a', ip: '172.18.0.2', index: 0, zone: 'zone-1' },
  { name: 'node-b', ip: '172.18.0.3', index: 1, zone: 'zone-2' },
  { name: 'node-c', ip: '172.18.0.4', index: 2, zone: 'zone-3' },
];

export const NAMESPACES = ['shop', 'payments', 'data', 'kube-system'] as const;

const w = (app: string, namespace: string, replicas: number, port: number, protocol: DemoProtocol, serviceIp: string, placement: number[], extra: Partial<Workload> = {}): Workload => ({
  app,
  namespace,
  kind: 'Deployment',
  replicas,
  port,
  protocol,
  service: app,
  serviceIp,
  version: 'v1',
  placement,
  ...extra,
});

export const WORKLOADS: readonly Workload[] = [
  w('coredns', 'kube-system', 2, 53, 'dns', '10.96.0.10', [0, 1], { service: 'kube-dns', version: 'v1.11.1' }),
  w('ingress-nginx', 'kube-system', 1, 80, 'http', '10.96.0.80', [0], { version: 'v1.10.0', probe: '/healthz' }),
  w('metrics-server', 'kube-system', 1, 10250, 'none', '10.96.0.90', [2], { version: 'v0.7.0' }),
  w('kube-proxy', 'kube-system', 3, 10256, 'none', '', [0, 1, 2], { kind: 'DaemonSet', service: '', hostNetwork: true, version: 'v1.29.2' }),
  w('frontend', 'shop', 2, 8080, 'http', '10.96.10.10', [0, 1], { version: 'v2.3.1', probe: '/healthz' }),
  w('gateway', 'shop', 2, 8080, 'http', '10.96.10.20', [1, 2], { version: 'v1.8.0', probe: '/healthz' }),
  w('catalogue', 'shop', 2, 50051, 'grpc', '10.96.10.30', [0, 2], { version: 'v1.4.2' }),
  w('cart', 'shop', 1, 8080, 'http', '10.96.10.40', [1], { version: 'v1.2.0', probe: '/healthz' }),
  w('orders', 'shop', 2, 8080, 'http', '10.96.10.50', [0, 1], { version: 'v3.0.4', probe: '/healthz' }),
  w('users', 'shop', 1, 50051, 'grpc', '10.96.10.60', [2], { version: 'v2.1.0' }),
  w('recommendations', 'shop', 1, 8080, 'http', '10.96.10.70', [2], { version: 'v0.9.3', probe: '/healthz' }),
  w('shipping', 'shop', 1, 8080, 'http', '10.96.10.80', [1], { version: 'v1.1.0', probe: '/healthz' }),
  w('payment', 'payments', 2, 50051, 'grpc', '10.96.20.10', [1, 2], { version: 'v4.2.0' }),
  w('fraud-check', 'payments', 1, 8080, 'http', '10.96.20.20', [2], { version: 'v0.3.1', probe: '/healthz' }),
  w('ledger', 'payments', 1, 5000, 'http', '10.96.20.30', [0], { version: 'v1.0.2', probe: '/healthz' }),
  w('notifications', 'payments', 1, 8080, 'http', '10.96.20.40', [0], { version: 'v1.3.0', probe: '/healthz' }),
  w('postgres', 'data', 1, 5432, 'postgres', '10.96.30.10', [1], { kind: 'StatefulSet', version: '16.2' }),
  w('redis', 'data', 1, 6379, 'redis', '10.96.30.20', [0], { kind: 'StatefulSet', version: '7.2.4' }),
  w('kafka', 'data', 1, 9092, 'kafka', '10.96.30.30', [2], { kind: 'StatefulSet', version: '3.7.0' }),
  w('analytics', 'data', 1, 8080, 'http', '10.96.30.40', [1], { version: 'v0.5.0', probe: '/healthz' }),
  w('debug-shell', 'data', 1, 0, 'none', '', [0], { service: '', version: 'v1' }),
];

export const EXTERNAL = {
  paymentProvider: { host: 'api.payments-provider.example', ip: '203.0.113.10', port: 443 },
  cdn: { host: 'cdn.shop-assets.example', ip: '203.0.113.25', port: 443 },
  identityProvider: { host: 'login.identity-provider.example', ip: '203.0.113.40', port: 443 },
} as const satisfies Record<string, ExternalHost>;

/** The pod that crash-loops (restarts with growing restartCount and a new IP each time). */
export const CRASHING_APP = 'fraud-check';

/** A stable 10-character pod-template hash per app (not random: identities stay the same). */
function hashOf(s: string, len: number): string {
  const alphabet = 'bcdfghjklmnpqrstvwxz2456789';
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  let out = '';
  while (out.length < len) {
    h ^= h << 13;
    h ^= h >>> 17;
    h ^= h << 5;
    h >>>= 0;
    out += alphabet[h % alphabet.length];
  }
  return out;
}

/** Every pod of the demo cluster, in workload order; IPs allocated per node in that order. */
export function demoPods(): DemoPod[] {
  const next = NODES.map(() => 10);
  const pods: DemoPod[] = [];
  for (const wl of WORKLOADS) {
    const template = hashOf(wl.app, 10);
    for (let r = 0; r < wl.replicas; r++) {
      const node = NODES[wl.placement[r % wl.placement.length]];
      const suffix = wl.kind === 'StatefulSet' ? String(r) : wl.kind === 'DaemonSet' ? hashOf(`${wl.app}${r}`, 5) : `${template}-${hashOf(`${wl.app}-${r}`, 5)}`;
      const ip = wl.hostNetwork ? node.ip : `10.244.${node.index}.${next[node.index]++}`;
      pods.push({ name: `${wl.app}-${suffix}`, namespace: wl.namespace, workload: wl, node, ip, suffix });
    }
  }
  return pods;
}

/** Addresses the crash-looping pod cycles through after restarts (then reuses). */
export function restartIps(pod: DemoPod): string[] {
  return [pod.ip, `10.244.${pod.node.index}.200`, `10.244.${pod.node.index}.201`];
}

/** Internet client `i` (for ingress traffic): 198.51.100.10–249. */
export function internetClient(i: number): string {
  return `198.51.100.${10 + (i % 240)}`;
}
