/**
 * Test fixtures for identity: Kubernetes objects as the API sends them (pod, service,
 * EndpointSlice, node, namespace builders) and a capture of HTTP exchanges and DNS answers
 * between given addresses at given packet times, written with the project's synthesizer.
 */
import { UdpConversation } from '../../synth/datagram.ts';
import { dnsMessage } from '../../synth/dns.ts';
import { pcapFileSink } from '../../synth/pcap-sink.ts';
import { TcpConversation } from '../../synth/tcp-conversation.ts';

type Obj = Record<string, any>;
const iso = (ms: number): string => new Date(ms).toISOString();

export function pod(name: string, namespace: string, ip: string, o: { created?: number; node?: string; labels?: Record<string, string>; hostNetwork?: boolean } = {}): Obj {
  return {
    metadata: { name, namespace, uid: `uid-${namespace}-${name}`, labels: o.labels ?? { app: name.replace(/-[^-]+$/, '') }, creationTimestamp: iso(o.created ?? Date.UTC(2024, 0, 1)), managedFields: [{ manager: 'kubelet' }] },
    spec: { nodeName: o.node ?? 'node-a', containers: [{ name: 'main', image: 'example/app:1' }], ...(o.hostNetwork ? { hostNetwork: true } : {}) },
    status: { phase: 'Running', podIP: ip, podIPs: [{ ip }] },
  };
}

export function service(name: string, namespace: string, clusterIP: string, ports: number[] = [80]): Obj {
  return {
    metadata: { name, namespace, uid: `uid-svc-${name}`, labels: { app: name }, creationTimestamp: iso(Date.UTC(2024, 0, 1)) },
    spec: { type: 'ClusterIP', clusterIP, clusterIPs: [clusterIP], ports: ports.map((p) => ({ port: p, protocol: 'TCP', targetPort: p })) },
  };
}

export function endpointSlice(serviceName: string, namespace: string, pods: { name: string; ip: string }[]): Obj {
  return {
    metadata: { name: `${serviceName}-abc12`, namespace, labels: { 'kubernetes.io/service-name': serviceName }, creationTimestamp: iso(Date.UTC(2024, 0, 1)) },
    addressType: 'IPv4',
    endpoints: pods.map((p) => ({ addresses: [p.ip], conditions: { ready: true }, targetRef: { kind: 'Pod', name: p.name, namespace } })),
    ports: [{ port: 80, protocol: 'TCP' }],
  };
}

export function node(name: string, ip: string): Obj {
  return { metadata: { name, labels: { 'kubernetes.io/hostname': name }, creationTimestamp: iso(Date.UTC(2024, 0, 1)) }, status: { addresses: [{ type: 'InternalIP', address: ip }] } };
}

export function namespace(name: string): Obj {
  return { metadata: { name, creationTimestamp: iso(Date.UTC(2024, 0, 1)) } };
}

export type CaptureEvent =
  | { http: { client: string; server: string; path: string; at: number; port?: number } }
  | { dns: { client: string; server: string; name: string; answers: string[]; cname?: string; at: number } };

/** Writes one HTTP/1.1 exchange per `http` event (own connection) and one DNS query/answer per `dns` event. */
export function writeIdentityCapture(file: string, events: CaptureEvent[]): void {
  const sink = pcapFileSink(file);
  let clientPort = 40000;
  const sorted = [...events].sort((a, b) => at(a) - at(b));
  for (const e of sorted) {
    if ('http' in e) {
      const h = e.http;
      const c = new TcpConversation(sink, { client: { ip: h.client, port: clientPort++ }, server: { ip: h.server, port: h.port ?? 80 } });
      let t = c.open(h.at - 1);
      t = c.send(0, Buffer.from(`GET ${h.path} HTTP/1.1\r\nHost: x\r\n\r\n`), t);
      t = c.send(1, Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'), t + 0.5);
      c.close(t + 0.5);
    } else {
      const d = e.dns;
      const u = new UdpConversation(sink, { ip: d.client, port: clientPort++ }, { ip: d.server, port: 53 });
      const id = clientPort & 0xffff;
      const answers = [...(d.cname ? [{ type: 5, data: encodeName(d.cname) }] : []), ...d.answers.map((ip) => ({ type: 1, data: ip.split('.').map(Number) }))];
      u.send(0, dnsMessage(id, d.name, 1), d.at - 1);
      u.send(1, dnsMessage(id, d.name, 1, answers), d.at);
    }
  }
  sink.close();
}

function at(e: CaptureEvent): number {
  return 'http' in e ? e.http.at : e.dns.at;
}

function encodeName(n: string): number[] {
  const out: number[] = [];
  for (const l of n.split('.')) out.push(l.length, ...Buffer.from(l, 'latin1'));
  return [...out, 0];
}
