/**
 * Endpoint identity: what an IP was at a given time — a pod (with the service and
 * EndpointSlice fronting it), a service's cluster IP, a node, or a name learned from DNS —
 * in the shape items carry on `src` / `dst` (SCRIPT-API.md §4).
 *
 * `resolutionMechanism` values (decided): 'pod-ip' (a pod's IP), 'service-ip' (a
 * service's cluster or external IP), 'node-ip' (a node's address; also host-network pods),
 * 'dns' (an A/AAAA answer seen in the traffic named it).
 */
import type { FlowEndpoint } from '../l4-report.ts';
import type { ItemEndpoint } from '../item.ts';

/** A Kubernetes object as JSON (API field names). */
export type KubeObject = Record<string, any>;

export type KubeKind = 'Pod' | 'Service' | 'EndpointSlice' | 'Node' | 'Namespace';
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';
export type ResolutionMechanism = 'pod-ip' | 'service-ip' | 'node-ip' | 'dns';

export interface EndpointIdentity {
  /** Pod, service or node name, or the DNS name of an external endpoint. */
  name: string;
  /** "" for nodes and external endpoints. */
  namespace: string;
  pod: KubeObject | null;
  service: KubeObject | null;
  endpointSlice: KubeObject | null;
  /** Kubernetes node the pod runs on (or the node itself), "" if not known. */
  node: string;
  /** Labels of the pod / service / node, when known. */
  labels: Record<string, string> | undefined;
  mechanism: ResolutionMechanism;
}

/** Fill an item endpoint (keeps ip, port and process fields). */
export function applyToItemEndpoint(ep: ItemEndpoint, id: EndpointIdentity): void {
  ep.name = id.name;
  ep.namespace = id.namespace;
  ep.pod = id.pod;
  ep.service = id.service;
  ep.endpointSlice = id.endpointSlice;
  ep.resolutionMechanism = id.mechanism;
}

/** Fill an L4 flow-sample endpoint. */
export function applyToFlowEndpoint(ep: FlowEndpoint, id: EndpointIdentity): void {
  ep.name = id.name;
  ep.namespace = id.namespace;
  if (id.node) ep.node = id.node;
  if (id.labels) ep.labels = id.labels;
}
