/**
 * Reading Kubernetes objects (JSON field names, as the API and watch stream send them):
 * keys, times and the IP addresses each kind owns. Objects from client-node's typed list
 * calls carry Date instances and model classes; `normalizeObject` turns any of them into
 * plain JSON and drops what only bloats items (managedFields, last-applied annotation).
 */
import type { KubeObject } from './identity.ts';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** Plain JSON copy without managedFields and the last-applied annotation. */
export function normalizeObject(obj: unknown): KubeObject {
  const o = JSON.parse(JSON.stringify(obj ?? {})) as KubeObject;
  const meta = o.metadata;
  if (meta && typeof meta === 'object') {
    delete meta.managedFields;
    if (meta.annotations && typeof meta.annotations === 'object') delete meta.annotations[LAST_APPLIED];
  }
  return o;
}

/** `namespace/name` ("name" for cluster-scoped objects). */
export function keyOf(o: KubeObject): string {
  const ns = o.metadata?.namespace;
  return ns ? `${ns}/${o.metadata?.name ?? ''}` : String(o.metadata?.name ?? '');
}

export function nameOf(o: KubeObject): string {
  return String(o.metadata?.name ?? '');
}

export function namespaceOf(o: KubeObject): string {
  return String(o.metadata?.namespace ?? '');
}

export function labelsOf(o: KubeObject): Record<string, string> | undefined {
  const l = o.metadata?.labels;
  return l && typeof l === 'object' ? (l as Record<string, string>) : undefined;
}

/** metadata.creationTimestamp as epoch ms, or undefined. */
export function createdAt(o: KubeObject): number | undefined {
  const t = Date.parse(String(o.metadata?.creationTimestamp ?? ''));
  return Number.isFinite(t) ? t : undefined;
}

function strings(...vs: unknown[]): string[] {
  const out = new Set<string>();
  for (const v of vs) if (typeof v === 'string' && v !== '' && v !== 'None') out.add(v);
  return [...out];
}

/** A pod's own IPs (none for host-network pods: their IP is the node's). */
export function podIps(pod: KubeObject): string[] {
  if (pod.spec?.hostNetwork === true) return [];
  const list = Array.isArray(pod.status?.podIPs) ? pod.status.podIPs.map((p: KubeObject) => p?.ip) : [];
  return strings(pod.status?.podIP, ...list);
}

/** Cluster IPs and external IPs of a service ('None' = headless, no IP). */
export function serviceIps(svc: KubeObject): string[] {
  const spec = svc.spec ?? {};
  return strings(spec.clusterIP, ...(Array.isArray(spec.clusterIPs) ? spec.clusterIPs : []), ...(Array.isArray(spec.externalIPs) ? spec.externalIPs : []));
}

/** A node's InternalIP and ExternalIP addresses. */
export function nodeIps(node: KubeObject): string[] {
  const addrs: KubeObject[] = Array.isArray(node.status?.addresses) ? node.status.addresses : [];
  return strings(...addrs.filter((a) => a?.type === 'InternalIP' || a?.type === 'ExternalIP').map((a) => a.address));
}

/** `namespace/name` of the service an EndpointSlice belongs to, or undefined. */
export function sliceServiceKey(slice: KubeObject): string | undefined {
  const svc = labelsOf(slice)?.['kubernetes.io/service-name'];
  return svc ? `${namespaceOf(slice)}/${svc}` : undefined;
}

/** `namespace/name` of every pod an EndpointSlice's endpoints point at. */
export function slicePodKeys(slice: KubeObject): string[] {
  const eps: KubeObject[] = Array.isArray(slice.endpoints) ? slice.endpoints : [];
  const out: string[] = [];
  for (const e of eps) {
    const ref = e?.targetRef;
    if (ref?.kind === 'Pod' && ref.name) out.push(`${ref.namespace || namespaceOf(slice)}/${ref.name}`);
  }
  return out;
}
