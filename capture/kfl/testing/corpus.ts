/**
 * A corpus of distinct, realistic items for benchmarks and volume tests: a seeded mix of
 * the fixture cluster's traffic (HTTP/1.1 with varied paths and statuses, HTTP/2, gRPC,
 * DNS, Redis, Kafka) between namespaces ns1, ns2, shop, payments and data.
 */
import type { Item } from '../../item.ts';
import { exchange, W, type Workload } from './cluster.ts';
import { httpRequest, httpResponse } from './items.ts';
import { rng, type Rng } from './random.ts';

const CLIENTS: Workload[] = [W.frontend, W.orders, W.appA, W.appB, W.catalog, W.laptop];
const SERVERS: Workload[] = [W.catalog, W.payments, W.appA, W.appB, W.orders, W.internet];
const STATUSES = [200, 200, 200, 200, 201, 204, 301, 400, 404, 404, 500, 502, 503];
const METHODS = ['GET', 'GET', 'GET', 'POST', 'PUT', 'DELETE'];

function path(r: Rng): string {
  switch (r.int(6)) {
    case 0:
      return `/api/v${1 + r.int(3)}/users/${r.int(100_000)}`;
    case 1:
      return `/api/v${1 + r.int(2)}/orders?page=${r.int(20)}`;
    case 2:
      return '/health';
    case 3:
      return `/static/app.${r.int(1000).toString(16)}.js`;
    case 4:
      return `/api/v1/users/${r.int(1000)}/cart`;
    default:
      return '/';
  }
}

function one(r: Rng, i: number): Item {
  const client = r.pick(CLIENTS);
  const server = r.pick(SERVERS.filter((s) => s !== client));
  const base = { client, clientPort: 30_000 + r.int(30_000), server, at: i * 7, elapsed: r.int(400) };
  const kind = r.int(10);
  if (kind < 6) {
    const status = r.pick(STATUSES);
    const body = JSON.stringify({ items: [{ id: r.int(10) }], ok: status < 400 });
    return exchange({
      ...base, proto: 'http', serverPort: server === W.internet ? 443 : 8080, tls: server === W.internet,
      request: httpRequest(r.pick(METHODS), path(r), { Host: `${server.service ?? server.name}.svc`, 'User-Agent': r.pick(['curl/8.4.0', 'Mozilla/5.0', 'Go-http-client/1.1']) }),
      response: httpResponse(status, 'Status', { 'Content-Type': 'application/json' }, body),
    });
  }
  if (kind === 6) {
    return exchange({
      ...base, proto: 'grpc', serverPort: 50051,
      request: httpRequest('POST', `/svc.Api/Call${r.int(5)}`, { ':method': 'POST', ':path': `/svc.Api/Call${r.int(5)}`, ':authority': 'api:50051' }, '', 'HTTP/2.0'),
      response: httpResponse(200, 'OK', { ':status': '200', 'grpc-status': String(r.pick([0, 0, 0, 14, 5])) }, '', 'HTTP/2.0'),
    });
  }
  if (kind === 7) {
    const name = r.pick(['www.example.com', 'redis.data.svc.cluster.local', `host${r.int(50)}.example.org`]);
    return exchange({
      ...base, proto: 'dns', server: W.kubeDns, serverPort: 53,
      request: { opCode: 'Query', questions: [{ name, type: r.pick(['A', 'AAAA']), class: 'IN' }] },
      response: { code: r.pick(['No Error', 'No Error', 'Name Error']), answers: [], authorities: [], additionals: [] },
    });
  }
  if (kind === 8) {
    return exchange({
      ...base, proto: 'redis', server: W.redis, serverPort: 6379,
      request: { type: 'Array', command: r.pick(['GET', 'SET', 'DEL']), key: `session:${r.int(10_000)}`, value: '', keyword: '' },
      response: { type: 'Simple String', command: '', key: '', value: 'OK', keyword: '' },
    });
  }
  return exchange({
    ...base, proto: 'kafka', server: W.kafka, serverPort: 9092,
    request: { size: 100, apiKeyName: r.pick(['Produce', 'Fetch']), apiKey: 0, apiVersion: 9, correlationID: i, clientID: 'bench', payload: {} },
    response: { size: 40, correlationID: i, payload: {} },
  });
}

/** `count` distinct items, the same for the same seed. */
export function generateItems(count: number, seed: number): Item[] {
  const r = rng(seed);
  return Array.from({ length: count }, (_, i) => one(r, i));
}
