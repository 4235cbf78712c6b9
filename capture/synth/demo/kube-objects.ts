/**
 * Kubernetes objects of the demo cluster (topology.ts), as the API serves them (JSON field
 * names): Namespaces, Nodes, Pods, Services and EndpointSlices at a given time, plus the
 * Pod / EndpointSlice versions a crash loop goes through. They feed the identity feature
 * exactly like informer objects (static objects, then watch events), and are written into
 * identity files (`wirehook generate --identity`).
 */
import type { KubeKind, KubeObject } from '../../enrich/identity.ts';
import { NAMESPACES, NODES, WORKLOADS, demoPods, type DemoPod, type Workload } from './topology.ts';

/** The cluster was created this long before the traffic starts. */
const CLUSTER_AGE_MS = 3 * 24 * 3600_000;

const iso = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

function uid(kind: string, name: string): string {
  let h = 0x811c9dc5;
  const s = `${kind}/${name}`;
  const hex: string[] = [];
  for (let k = 0; k < 4; k++) {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i) ^ k, 16777619) >>> 0;
    hex.push(h.toString(16).padStart(8, '0'));
  }
  const x = hex.join('');
  return `${x.slice(0, 8)}-${x.slice(8, 12)}-4${x.slice(13, 16)}-a${x.slice(17, 20)}-${x.slice(20, 32)}`;
}

export interface PodState {
  ip: string;
  restartCount: number;
  /** 'running' (ready) or 'crashloop' (waiting in CrashLoopBackOff, not ready). */
  state: 'running' | 'crashloop';
  /** When the current container started, or when it last terminated (crashloop). */
  sinceMs: number;
}

export function podObject(p: DemoPod, startMs: number, s?: PodState): KubeObject {
  const wl = p.workload;
  const created = startMs - CLUSTER_AGE_MS + wl.port * 1000;
  const st: PodState = s ?? { ip: p.ip, restartCount: 0, state: 'running', sinceMs: created + 20_000 };
  const running = st.state === 'running';
  const labels: Record<string, string> = { app: wl.app, 'app.kubernetes.io/name': wl.app, version: wl.version };
  if (wl.kind === 'Deployment') labels['pod-template-hash'] = p.suffix.split('-')[0];
  const owner = wl.kind === 'Deployment' ? { kind: 'ReplicaSet', name: `${wl.app}-${p.suffix.split('-')[0]}` } : { kind: wl.kind, name: wl.app };
  const container = {
    name: wl.app,
    image: `registry.example.com/${wl.namespace}/${wl.app}:${wl.version}`,
    ...(wl.port ? { ports: [{ containerPort: wl.port, protocol: wl.protocol === 'dns' ? 'UDP' : 'TCP' }] } : {}),
  };
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: p.name,
      namespace: p.namespace,
      uid: uid('Pod', `${p.namespace}/${p.name}`),
      labels,
      creationTimestamp: iso(created),
      ownerReferences: [{ apiVersion: 'apps/v1', controller: true, uid: uid(owner.kind, owner.name), ...owner }],
    },
    spec: { nodeName: p.node.name, ...(wl.hostNetwork ? { hostNetwork: true } : {}), containers: [container] },
    status: {
      phase: 'Running',
      hostIP: p.node.ip,
      podIP: st.ip,
      podIPs: [{ ip: st.ip }],
      startTime: iso(created),
      conditions: [{ type: 'Ready', status: running ? 'True' : 'False' }],
      containerStatuses: [
        {
          name: wl.app,
          image: container.image,
          ready: running,
          restartCount: st.restartCount,
          started: running,
          state: running
            ? { running: { startedAt: iso(st.sinceMs) } }
            : { waiting: { reason: 'CrashLoopBackOff', message: `back-off restarting failed container ${wl.app}` } },
          ...(st.restartCount > 0
            ? { lastState: { terminated: { exitCode: 137, reason: 'OOMKilled', finishedAt: iso(running ? st.sinceMs - 1000 : st.sinceMs) } } }
            : {}),
        },
      ],
    },
  };
}

function serviceObject(wl: Workload, startMs: number): KubeObject {
  const udp = wl.protocol === 'dns';
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: wl.service, namespace: wl.namespace, uid: uid('Service', `${wl.namespace}/${wl.service}`), labels: { app: wl.app }, creationTimestamp: iso(startMs - CLUSTER_AGE_MS) },
    spec: {
      type: 'ClusterIP',
      clusterIP: wl.serviceIp,
      clusterIPs: [wl.serviceIp],
      selector: { app: wl.app },
      ports: [{ name: udp ? 'dns' : wl.protocol, port: wl.port, targetPort: wl.port, protocol: udp ? 'UDP' : 'TCP' }],
    },
  };
}

/** The EndpointSlice of a workload's service; `ready` / `ip` override per pod name. */
export function endpointSliceObject(wl: Workload, pods: DemoPod[], over: Record<string, { ip: string; ready: boolean }> = {}): KubeObject {
  const mine = pods.filter((p) => p.workload === wl);
  return {
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: { name: `${wl.service}-${uid('slice', wl.service).slice(0, 5)}`, namespace: wl.namespace, labels: { 'kubernetes.io/service-name': wl.service } },
    addressType: 'IPv4',
    endpoints: mine.map((p) => ({
      addresses: [over[p.name]?.ip ?? p.ip],
      conditions: { ready: over[p.name]?.ready ?? true },
      nodeName: p.node.name,
      targetRef: { kind: 'Pod', name: p.name, namespace: p.namespace },
    })),
    ports: [{ name: wl.protocol === 'dns' ? 'dns' : wl.protocol, port: wl.port, protocol: wl.protocol === 'dns' ? 'UDP' : 'TCP' }],
  };
}

/** Every object of the cluster as it is when the traffic starts, in apply order. */
export function clusterObjects(startMs: number): { kind: KubeKind; object: KubeObject }[] {
  const pods = demoPods();
  const out: { kind: KubeKind; object: KubeObject }[] = [];
  for (const ns of NAMESPACES) {
    out.push({ kind: 'Namespace', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, uid: uid('Namespace', ns), labels: { 'kubernetes.io/metadata.name': ns } }, status: { phase: 'Active' } } });
  }
  for (const n of NODES) {
    out.push({
      kind: 'Node',
      object: {
        apiVersion: 'v1',
        kind: 'Node',
        metadata: { name: n.name, uid: uid('Node', n.name), labels: { 'kubernetes.io/hostname': n.name, 'topology.kubernetes.io/zone': n.zone }, creationTimestamp: iso(startMs - CLUSTER_AGE_MS) },
        status: { addresses: [{ type: 'InternalIP', address: n.ip }, { type: 'Hostname', address: n.name }], nodeInfo: { kubeletVersion: 'v1.29.2' } },
      },
    });
  }
  for (const wl of WORKLOADS) {
    if (!wl.service) continue;
    out.push({ kind: 'Service', object: serviceObject(wl, startMs) });
    out.push({ kind: 'EndpointSlice', object: endpointSliceObject(wl, pods) });
  }
  for (const p of pods) out.push({ kind: 'Pod', object: podObject(p, startMs) });
  return out;
}
