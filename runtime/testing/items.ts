/**
 * Realistic items for runtime tests and the scripts benchmark, built with `buildItem`
 * (capture/item.ts) plus full request/response fields as the dissectors emit them
 * (SCRIPT-API.md §4), and Kubernetes identities on the endpoints.
 */
import { streamNameOf, type FlowInfo } from '../../capture/flow/flow.ts';
import { buildItem, type Item, type ItemOrigin, type ProtocolInfo } from '../../capture/item.ts';
import type { PacketInfo } from '../hooks.ts';

export const T0 = 1_700_000_000_000;
export const origin: ItemOrigin = { worker: 'worker-a', nodeName: 'node-a', nodeIp: '10.0.0.10' };

export const HTTP: ProtocolInfo = {
  name: 'http', version: '1.1', abbr: 'HTTP', longName: 'Hypertext Transfer Protocol -- HTTP/1.1', macro: 'http',
  backgroundColor: '#326de6', foregroundColor: '#ffffff', fontSize: 12, referenceLink: 'https://datatracker.ietf.org/doc/html/rfc2616',
  ports: ['80', '443', '8080'], layer4: 'tcp', priority: 0,
};

export const DNS: ProtocolInfo = {
  name: 'dns', version: '0', abbr: 'DNS', longName: 'Domain Name System', macro: 'dns', backgroundColor: '#606060',
  foregroundColor: '#ffffff', fontSize: 12, referenceLink: 'https://www.iana.org/assignments/dns-parameters/dns-parameters.xhtml',
  ports: ['53'], layer4: 'udp', priority: 4,
};

function flow(id: number, transport: 'tcp' | 'udp', client: [string, number], server: [string, number], ts: number): FlowInfo {
  return {
    id, transport, ipVersion: 4, client: { ip: client[0], port: client[1] }, server: { ip: server[0], port: server[1] },
    streamName: streamNameOf(id, transport), firstSeenMs: ts,
  };
}

function pod(name: string, namespace: string, ip: string): Record<string, unknown> {
  return {
    metadata: { name, namespace, labels: { app: name.split('-')[0] } },
    spec: { nodeName: 'node-a', containers: [{ name: name.split('-')[0], image: `example/${name.split('-')[0]}:1.0` }] },
    status: { phase: 'Running', podIP: ip },
  };
}

export interface HttpItemOptions {
  i?: number;
  method?: string;
  path?: string;
  status?: number;
  ts?: number;
  srcNamespace?: string;
  dstNamespace?: string;
}

/** An HTTP/1.1 request/response item between two pods, with headers, query and a JSON body. */
export function httpItem(o: HttpItemOptions = {}): Item {
  const i = o.i ?? 0;
  const ts = o.ts ?? T0 + i * 10;
  const path = o.path ?? `/catalogue/${i % 50}`;
  const status = o.status ?? 200;
  const body = Buffer.from(JSON.stringify({ id: i, name: 'socks', price: 9.99, tags: ['blue', 'wool'] })).toString('base64');
  const f = flow(1000 + i, 'tcp', ['10.1.0.11', 40000 + (i % 20000)], ['10.1.0.21', 8080], ts);
  const item = buildItem(origin, f, 0, HTTP,
    {
      kind: 'request', tsMs: ts, size: 250,
      fields: {
        method: o.method ?? 'GET', url: `${path}?page=1&size=6`, targetUri: `${path}?page=1&size=6`, path,
        pathSegments: path.split('/').filter(Boolean), queryString: { page: '1', size: '6' },
        headers: { Host: 'catalogue:8080', 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64)', Accept: 'application/json', 'Accept-Encoding': 'gzip' },
        cookies: {}, headersSize: 120, bodySize: 0, postData: { mimeType: '', text: '', params: [] }, httpVersion: 'HTTP/1.1',
      },
    },
    {
      kind: 'response', tsMs: ts + 3, size: 622,
      fields: {
        status, statusText: status === 200 ? 'OK' : status === 500 ? 'Internal Server Error' : 'Not Found', httpVersion: 'HTTP/1.1',
        headers: { 'Content-Type': 'application/json', 'Content-Length': '512', Date: 'Tue, 14 Nov 2023 22:13:20 GMT' },
        cookies: {}, content: { encoding: 'base64', mimeType: 'application/json', size: 512, text: body },
        redirectURL: '', headersSize: 110, bodySize: 512,
      },
    });
  item.src = { ...item.src, name: 'front-end', namespace: o.srcNamespace ?? 'sock-shop', pod: pod('front-end-7d9f8', o.srcNamespace ?? 'sock-shop', '10.1.0.11') };
  item.dst = { ...item.dst, name: 'catalogue', namespace: o.dstNamespace ?? 'sock-shop', pod: pod('catalogue-6f5d4', o.dstNamespace ?? 'sock-shop', '10.1.0.21') };
  item.namespace = item.dst.namespace;
  return item;
}

/** A DNS A query/answer item. */
export function dnsItem(name = 'catalogue.sock-shop.svc.cluster.local', i = 0): Item {
  const ts = T0 + i * 10;
  const f = flow(5000 + i, 'udp', ['10.1.0.11', 33000 + i], ['10.96.0.10', 53], ts);
  const answer = { name, type: 'A', class: 'IN', ttl: 30, ip: '10.1.0.21', cname: '', ns: '', ptr: '', txts: '', soa: '', srv: '', mx: '', opt: '', uri: '' };
  const item = buildItem(origin, f, 0, DNS,
    { kind: 'request', tsMs: ts, size: 80, fields: { opCode: 'Query', questions: [{ name, type: 'A', class: 'IN' }] } },
    { kind: 'response', tsMs: ts + 1, size: 96, fields: { code: 'No Error', answers: [answer], authorities: [], additionals: [] } });
  item.dst = { ...item.dst, name: 'kube-dns', namespace: 'kube-system' };
  item.namespace = 'kube-system';
  return item;
}

/** HTTP items with every 10th a 500 and every 7th a 404. */
export function mixedHttpItems(n: number, start = 0): Item[] {
  return Array.from({ length: n }, (_, k) => {
    const i = start + k;
    return httpItem({ i, status: i % 10 === 0 ? 500 : i % 7 === 0 ? 404 : 200 });
  });
}

export function packetInfo(i = 0, length = 1514): PacketInfo {
  return {
    timestamp: new Date(T0 + i).toISOString().replace('Z', '000000Z'),
    captureLength: length, length, truncated: false, fragmented: false,
    src: { ip: '10.1.0.11', port: 40000 + (i % 1000) }, dst: { ip: '10.1.0.21', port: 8080 },
    transport: 'tcp', tcpFlags: i % 50 === 0 ? 'S' : 'A', tcpSeq: 1000 + i * 1448, payloadLength: length - 66,
  };
}
