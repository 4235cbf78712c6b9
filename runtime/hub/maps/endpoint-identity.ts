/**
 * Who an endpoint is, as far as the maps care: enough identity to group it by namespace,
 * node, pod or service, taken from L4 flow samples (capture/l4-report.ts) or item
 * endpoints (capture/item.ts). Aggregates are kept per identity pair, so any grouping and
 * any endpoint filter can be applied at query time.
 *
 * An endpoint with no namespace is external (outside the cluster, or no identity known):
 * it is shown by its DNS name when enrichment found one (`name`), else by IP.
 */
import type { FlowEndpoint } from '../../../capture/l4-report.ts';
import type { ItemEndpoint } from '../../../capture/item.ts';

export interface EndpointIdentity {
  ip: string;
  /** Server port on the destination side; "" on the client side (ephemeral ports). */
  port: string;
  /** Workload (pod or service) name, DNS name for external endpoints, or "". */
  name: string;
  namespace: string;
  /** Kubernetes node of the endpoint ("" = unknown or external). */
  node: string;
  /** Pod and service names when the identity says which ("" = use `name`). */
  pod: string;
  service: string;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');

export function identityKey(e: EndpointIdentity): string {
  return `${e.ip}|${e.port}|${e.name}|${e.namespace}|${e.node}|${e.pod}|${e.service}`;
}

/** From a flow sample's endpoint; `worker` is the node that captured it (fallback node of internal endpoints). */
export function flowIdentity(e: FlowEndpoint | null | undefined, worker: string, keepPort: boolean): EndpointIdentity {
  const namespace = text(e?.namespace);
  return {
    ip: text(e?.ip),
    port: keepPort ? text(e?.port) : '',
    name: text(e?.name),
    namespace,
    node: text(e?.node) || (namespace ? text(worker) : ''),
    pod: '',
    service: '',
  };
}

/** From an item endpoint; `capturedOn` is the item's `node.name`. */
export function itemIdentity(e: ItemEndpoint | null | undefined, capturedOn: string, keepPort: boolean): EndpointIdentity {
  const pod = e?.pod as { metadata?: { name?: unknown }; spec?: { nodeName?: unknown } } | null | undefined;
  const svc = e?.service as { metadata?: { name?: unknown } } | null | undefined;
  const namespace = text(e?.namespace);
  return {
    ip: text(e?.ip),
    port: keepPort ? String(e?.port ?? '') : '',
    name: text(e?.name),
    namespace,
    node: text(pod?.spec?.nodeName) || (namespace ? capturedOn : e?.resolutionMechanism === 'node-ip' ? text(e?.name) : ''),
    pod: text(pod?.metadata?.name),
    service: text(svc?.metadata?.name),
  };
}
