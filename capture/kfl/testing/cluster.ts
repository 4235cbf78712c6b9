/**
 * A small fictional cluster for KFL fixtures: workloads with Kubernetes Pod/Service
 * objects, protocol descriptors as dissectors set them, and `exchange()`, which builds an
 * item with `buildItem` (capture/item.ts) and then enriches its endpoints the way the
 * enrichers do (name, namespace, pod, service; legacy `namespace`).
 */
import { streamNameOf, type FlowInfo, type Transport } from '../../flow/flow.ts';
import { buildItem, type Item, type ItemOrigin, type Message, type ProtocolInfo } from '../../item.ts';

/**
 * Fixture time: items are stamped FIXTURE_T0 … FIXTURE_T0 + 20 s, plus one 10 days older
 * and one from a node whose clock runs ahead; tests evaluate at FIXTURE_NOW.
 */
export const FIXTURE_T0 = 1_700_000_000_000;
export const FIXTURE_NOW = FIXTURE_T0 + 30_000;

export const origin: ItemOrigin = { worker: 'worker-a', nodeName: 'node-a', nodeIp: '10.0.0.10' };

export interface Workload {
  /** Pod name, or the DNS name of an external host. */
  name: string;
  namespace: string;
  ip: string;
  /** Service fronting the pod, if any. */
  service?: string;
  external?: boolean;
}

export const W = {
  frontend: { name: 'frontend-7d9f8-abcde', namespace: 'shop', ip: '10.1.0.11', service: 'frontend' },
  catalog: { name: 'catalog-6f5d4-qwert', namespace: 'shop', ip: '10.1.0.21', service: 'catalog' },
  orders: { name: 'orders-5c6b7-xyz12', namespace: 'shop', ip: '10.1.0.22', service: 'orders' },
  payments: { name: 'payments-84c2d-lmnop', namespace: 'payments', ip: '10.1.0.31', service: 'payments' },
  redis: { name: 'redis-0', namespace: 'data', ip: '10.1.0.41', service: 'redis' },
  kafka: { name: 'kafka-0', namespace: 'data', ip: '10.1.0.51', service: 'kafka' },
  rabbit: { name: 'rabbitmq-0', namespace: 'data', ip: '10.1.0.61', service: 'rabbitmq' },
  kubeDns: { name: 'coredns-5d78c-9kq2x', namespace: 'kube-system', ip: '10.96.0.10', service: 'kube-dns' },
  appA: { name: 'app-a-6d8f7-aaaaa', namespace: 'ns1', ip: '10.2.0.11', service: 'app-a' },
  appB: { name: 'app-b-7c9e8-bbbbb', namespace: 'ns2', ip: '10.2.0.21', service: 'app-b' },
  chat: { name: 'chat', namespace: 'shop', ip: '10.1.0.71' },
  internet: { name: 'www.example.com', namespace: '', ip: '93.184.216.34', external: true },
  laptop: { name: '', namespace: '', ip: '203.0.113.7', external: true },
  unknownHost: { name: '', namespace: '', ip: '10.0.0.99', external: true },
} satisfies Record<string, Workload>;

function pod(w: Workload): Record<string, unknown> {
  return {
    metadata: { name: w.name, namespace: w.namespace, uid: `uid-${w.name}`, labels: { app: w.service ?? w.name } },
    spec: { nodeName: 'node-a', containers: [{ name: w.service ?? w.name }] },
    status: { phase: 'Running', podIP: w.ip },
  };
}

function service(w: Workload): Record<string, unknown> | null {
  if (!w.service) return null;
  return { metadata: { name: w.service, namespace: w.namespace }, spec: { type: 'ClusterIP', clusterIP: w.ip } };
}

type ProtoSpec = [name: string, version: string, abbr: string, longName: string, macro: string, layer4: 'tcp' | 'udp', ports: string[]];

const PROTO_SPECS: Record<string, ProtoSpec> = {
  http: ['http', '1.1', 'HTTP', 'Hypertext Transfer Protocol -- HTTP/1.1', 'http', 'tcp', ['80', '443', '8080']],
  http2: ['http', '2.0', 'HTTP/2', 'Hypertext Transfer Protocol Version 2 (HTTP/2)', 'http2', 'tcp', ['80', '443', '8080']],
  grpc: ['http', '2.0', 'gRPC', 'gRPC Remote Procedure Call', 'grpc', 'tcp', ['80', '443', '8080', '50051']],
  gql: ['http', '1.1', 'GQL', 'GraphQL over HTTP/1.1', 'gql', 'tcp', ['80', '443', '8080']],
  dns: ['dns', '0', 'DNS', 'Domain Name System', 'dns', 'udp', ['53']],
  redis: ['redis', '3.x', 'REDIS', 'Redis Serialization Protocol', 'redis', 'tcp', ['6379']],
  kafka: ['kafka', '12', 'KAFKA', 'Apache Kafka Protocol', 'kafka', 'tcp', ['9092']],
  amqp: ['amqp', '0-9-1', 'AMQP', 'Advanced Message Queuing Protocol 0-9-1', 'amqp', 'tcp', ['5671', '5672']],
  tls: ['tls', '1.3', 'TLS', 'Transport Layer Security', 'tls', 'tcp', ['443']],
  tcp: ['tcp', '0', 'TCP', 'Transmission Control Protocol', 'tcp', 'tcp', []],
  udp: ['udp', '0', 'UDP', 'User Datagram Protocol', 'udp', 'udp', []],
  icmp: ['icmp', '4', 'ICMP', 'Internet Control Message Protocol', 'icmp', 'udp', []],
  ws: ['websocket', '13', 'WS', 'WebSocket', 'ws', 'tcp', ['80', '443']],
};

export type ProtoKey = keyof typeof PROTO_SPECS;

export function protocol(key: ProtoKey): ProtocolInfo {
  const [name, version, abbr, longName, macro, layer4, ports] = PROTO_SPECS[key];
  return {
    name, version, abbr, longName, macro, layer4, ports,
    backgroundColor: '#205cf5', foregroundColor: '#ffffff', fontSize: 12, referenceLink: 'https://datatracker.ietf.org/', priority: 0,
  };
}

let nextFlowId = 1;

export interface Exchange {
  proto: ProtoKey;
  client: Workload;
  clientPort: number;
  server: Workload;
  serverPort: number;
  /** ms after FIXTURE_T0 */
  at: number;
  request: Record<string, unknown> | null;
  requestSize?: number;
  response: Record<string, unknown> | null;
  responseSize?: number;
  /** Response delay, ms. */
  elapsed?: number;
  tls?: boolean;
  /** Capturing node, default `origin`'s. */
  node?: { name: string; ip: string };
}

/** Build one item of the fixture cluster. */
export function exchange(x: Exchange): Item {
  const transport: Transport = x.proto === 'icmp' ? 'icmp' : protocol(x.proto).layer4;
  const id = nextFlowId++;
  const ts = FIXTURE_T0 + x.at;
  const flow: FlowInfo = {
    id, transport, ipVersion: 4, streamName: streamNameOf(id, transport), firstSeenMs: ts,
    client: { ip: x.client.ip, port: x.clientPort }, server: { ip: x.server.ip, port: x.serverPort },
  };
  const req: Message | null = x.request && { kind: 'request', tsMs: ts, size: x.requestSize ?? 120, fields: x.request };
  const res: Message | null = x.response && { kind: 'response', tsMs: ts + (x.elapsed ?? 3), size: x.responseSize ?? 240, fields: x.response };
  const from = x.node ? { ...origin, nodeName: x.node.name, nodeIp: x.node.ip } : origin;
  const item = buildItem(from, flow, 0, protocol(x.proto), req, res);
  enrich(item.src, x.client);
  enrich(item.dst, x.server);
  item.tls = x.tls ?? false;
  item.namespace = x.server.namespace || x.client.namespace;
  return item;
}

function enrich(ep: Item['src'], w: Workload): void {
  ep.name = w.external ? w.name : (w.service ?? w.name);
  ep.namespace = w.namespace;
  ep.pod = w.external || !w.service ? null : pod(w);
  ep.service = w.external ? null : service(w);
}
