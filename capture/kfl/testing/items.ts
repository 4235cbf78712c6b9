/**
 * Named fixture items, one or more per protocol, with the request/response fields the
 * dissectors emit (SCRIPT-API.md §4). `fixtures` holds them by name, `allFixtures` as a list.
 */
import type { Item } from '../../item.ts';
import { exchange, W } from './cluster.ts';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

export function httpRequest(method: string, url: string, headers: Record<string, string>, body = '', httpVersion = 'HTTP/1.1'): Record<string, unknown> {
  const [path, qs = ''] = url.split('?');
  return {
    method, url, targetUri: url, path,
    pathSegments: path.split('/').filter(Boolean),
    queryString: Object.fromEntries(new URLSearchParams(qs)),
    headers, cookies: {}, headersSize: 180, bodySize: body.length,
    postData: { mimeType: body ? 'application/json' : '', text: body, params: [] },
    httpVersion,
  };
}

export function httpResponse(status: number, statusText: string, headers: Record<string, string>, body = '', httpVersion = 'HTTP/1.1'): Record<string, unknown> {
  return {
    status, statusText, httpVersion, headers, cookies: {},
    content: { encoding: 'base64', mimeType: headers['Content-Type'] ?? headers['content-type'] ?? '', size: body.length, text: b64(body) },
    redirectURL: headers.Location ?? '', headersSize: 140, bodySize: body.length,
  };
}

const dnsRecord = (name: string, type: string, extra: Record<string, unknown>): Record<string, unknown> => ({
  name, type, class: 'IN', ttl: 300, ip: '', cname: '', ns: '', ptr: '', txts: '', soa: '', srv: '', mx: '', opt: '', uri: '', ...extra,
});

const catalogBody = JSON.stringify({ items: [{ id: 3, name: 'The Book', price: 12.5 }, { id: 4, name: 'The Pen', price: 2 }], total: 2, padding: 'x'.repeat(120) });

export const fixtures = {
  httpGet200: exchange({
    proto: 'http', client: W.frontend, clientPort: 51234, server: W.catalog, serverPort: 8080, at: 0, elapsed: 12,
    request: httpRequest('GET', '/api/v1/users/42?page=2', { Host: 'shop.example.com', 'User-Agent': 'Mozilla/5.0', Accept: 'application/json' }),
    response: httpResponse(200, 'OK', { 'Content-Type': 'application/json' }, catalogBody),
    responseSize: 2048,
  }),
  httpPost500: exchange({
    proto: 'http', client: W.frontend, clientPort: 51240, server: W.payments, serverPort: 8443, at: 1000, elapsed: 340,
    request: httpRequest('POST', '/api/v2/charge', { Host: 'payments.payments.svc', 'Content-Type': 'application/json' }, '{"user":"alice","amount":12.5}'),
    response: httpResponse(500, 'Internal Server Error', { 'Content-Type': 'application/json' }, '{"error":"card declined","code":"E42"}'),
  }),
  http404Curl: exchange({
    proto: 'http', client: W.laptop, clientPort: 60111, server: W.frontend, serverPort: 80, at: 2000, elapsed: 2,
    request: httpRequest('GET', '/missing', { Host: 'shop.example.com', 'User-Agent': 'curl/8.4.0' }),
    response: httpResponse(404, 'Not Found', { 'Content-Type': 'text/plain' }, 'not found'),
  }),
  httpHealth: exchange({
    proto: 'http', client: W.unknownHost, clientPort: 40000, server: W.catalog, serverPort: 8080, at: 2500, elapsed: 1,
    request: httpRequest('GET', '/health', { Host: '10.1.0.21:8080', 'User-Agent': 'kube-probe/1.29' }),
    response: httpResponse(204, 'No Content', {}),
  }),
  httpExternal: exchange({
    proto: 'http', client: W.frontend, clientPort: 51300, server: W.internet, serverPort: 443, at: 3000, elapsed: 85, tls: true,
    request: httpRequest('GET', '/', { Host: 'www.example.com', 'User-Agent': 'Go-http-client/1.1' }),
    response: httpResponse(301, 'Moved Permanently', { Location: 'https://www.example.com/index.html' }),
  }),
  httpNs1ToNs2: exchange({
    proto: 'http', client: W.appA, clientPort: 41000, server: W.appB, serverPort: 8080, at: 4000, elapsed: 7,
    request: httpRequest('PUT', '/api/v1/items/9', { Host: 'app-b.ns2.svc' }, '{"qty":2}'),
    response: httpResponse(201, 'Created', { 'Content-Type': 'application/json' }, '{"id":9}'),
  }),
  redisNs2ToNs1: exchange({
    proto: 'redis', client: W.appB, clientPort: 42000, server: W.appA, serverPort: 6379, at: 4500, elapsed: 1,
    request: { type: 'Array', command: 'GET', key: 'cache:9', value: '', keyword: '' },
    response: { type: 'Bulk String', command: '', key: '', value: '{"qty":2}', keyword: '' },
  }),
  http2Get: exchange({
    proto: 'http2', client: W.frontend, clientPort: 51400, server: W.orders, serverPort: 8080, at: 5000, elapsed: 9,
    request: httpRequest('GET', '/v1/orders?status=open', { ':method': 'GET', ':path': '/v1/orders?status=open', ':authority': 'api.shop.svc', ':scheme': 'http', 'user-agent': 'curl/8.4.0' }, '', 'HTTP/2.0'),
    response: httpResponse(200, 'OK', { ':status': '200', 'content-type': 'application/json' }, '[{"id":1},{"id":2}]', 'HTTP/2.0'),
  }),
  grpcOk: exchange({
    proto: 'grpc', client: W.orders, clientPort: 51500, server: W.payments, serverPort: 50051, at: 6000, elapsed: 4,
    request: httpRequest('POST', '/shipping.Rates/GetRates', { ':method': 'POST', ':path': '/shipping.Rates/GetRates', ':authority': 'payments:50051', 'content-type': 'application/grpc' }, 'AAAAAAA=', 'HTTP/2.0'),
    response: httpResponse(200, 'OK', { ':status': '200', 'content-type': 'application/grpc', 'grpc-status': '0' }, '', 'HTTP/2.0'),
  }),
  grpcUnavailable: exchange({
    proto: 'grpc', client: W.orders, clientPort: 51501, server: W.payments, serverPort: 50051, at: 6500, elapsed: 250,
    request: httpRequest('POST', '/payments.Ledger/CreateEntry', { ':method': 'POST', ':path': '/payments.Ledger/CreateEntry', ':authority': 'payments:50051' }, 'AAAAAAA=', 'HTTP/2.0'),
    response: httpResponse(200, 'OK', { ':status': '200', 'grpc-status': '14', 'grpc-message': 'upstream unavailable' }, '', 'HTTP/2.0'),
  }),
  gqlQuery: exchange({
    proto: 'gql', client: W.frontend, clientPort: 51600, server: W.catalog, serverPort: 8080, at: 7000, elapsed: 30,
    request: httpRequest('POST', '/graphql', { Host: 'catalog.shop.svc', 'Content-Type': 'application/json' }, JSON.stringify({ query: '{ product(id: 3) { name price } }', pad: 'q'.repeat(1100) })),
    requestSize: 1400,
    response: httpResponse(200, 'OK', { 'Content-Type': 'application/json' }, '{"data":{"product":{"name":"The Book","price":12.5}}}'),
  }),
  dnsA: exchange({
    proto: 'dns', client: W.frontend, clientPort: 53001, server: W.kubeDns, serverPort: 53, at: 8000, elapsed: 1,
    request: { opCode: 'Query', questions: [{ name: 'www.example.com', type: 'A', class: 'IN' }] },
    response: { code: 'No Error', answers: [dnsRecord('www.example.com', 'A', { ip: '93.184.216.34' })], authorities: [], additionals: [] },
  }),
  dnsNx: exchange({
    proto: 'dns', client: W.orders, clientPort: 53002, server: W.kubeDns, serverPort: 53, at: 8500, elapsed: 2,
    request: { opCode: 'Query', questions: [{ name: 'nope.invalid', type: 'AAAA', class: 'IN' }] },
    response: { code: 'Name Error', answers: [], authorities: [dnsRecord('invalid', 'SOA', { soa: 'a.root-servers.net' })], additionals: [] },
  }),
  dnsUnanswered: exchange({
    proto: 'dns', client: W.catalog, clientPort: 53003, server: W.kubeDns, serverPort: 53, at: 9000,
    request: { opCode: 'Query', questions: [{ name: 'redis.data.svc.cluster.local', type: 'A', class: 'IN' }] },
    response: null,
  }),
  redisGet: exchange({
    proto: 'redis', client: W.frontend, clientPort: 51700, server: W.redis, serverPort: 6379, at: 10000, elapsed: 1,
    request: { type: 'Array', command: 'GET', key: 'session:1234', value: '', keyword: '' },
    response: { type: 'Bulk String', command: '', key: '', value: '{"user":"alice"}', keyword: '' },
  }),
  redisSet: exchange({
    proto: 'redis', client: W.orders, clientPort: 51701, server: W.redis, serverPort: 6379, at: 10500, elapsed: 1,
    request: { type: 'Array', command: 'SET', key: 'order:77', value: 'pending', keyword: 'EX' },
    response: { type: 'Simple String', command: '', key: '', value: 'OK', keyword: '' },
  }),
  kafkaProduce: exchange({
    proto: 'kafka', client: W.orders, clientPort: 51800, server: W.kafka, serverPort: 9092, at: 11000, elapsed: 5,
    request: { size: 180, apiKeyName: 'Produce', apiKey: 0, apiVersion: 9, correlationID: 17, clientID: 'orders-producer', payload: { topicData: [{ topic: 'orders', partitions: [{ index: 0 }] }] } },
    response: { size: 60, correlationID: 17, payload: { responses: [{ topic: 'orders', partitions: [{ index: 0, errorCode: 0 }] }] } },
  }),
  amqpPublish: exchange({
    proto: 'amqp', client: W.orders, clientPort: 51900, server: W.rabbit, serverPort: 5672, at: 12000,
    request: { method: 'basic publish', exchange: 'orders', routingKey: 'order.created', properties: { contentType: 'application/json' }, body: '{"id":77}' },
    response: null,
  }),
  tlsHello: exchange({
    proto: 'tls', client: W.frontend, clientPort: 52000, server: W.internet, serverPort: 443, at: 13000, elapsed: 20, tls: true,
    request: { type: 'ClientHello', version: 'TLS 1.2', serverName: 'www.example.com' },
    response: { type: 'ServerHello', version: 'TLS 1.3', cipherSuite: 'TLS_AES_128_GCM_SHA256' },
  }),
  tcpRaw: exchange({
    proto: 'tcp', client: W.catalog, clientPort: 52100, server: W.unknownHost, serverPort: 9999, at: 14000,
    request: { payload: 'AAECAw==', size: 4 }, response: null,
  }),
  udpRaw: exchange({
    proto: 'udp', client: W.catalog, clientPort: 52200, server: W.unknownHost, serverPort: 4789, at: 15000,
    request: { payload: 'CAAAAA==', size: 4 }, response: null,
  }),
  icmpUnreachable: exchange({
    proto: 'icmp', client: W.frontend, clientPort: 0, server: W.unknownHost, serverPort: 0, at: 16000,
    request: { type: 3, code: 1, message: 'Destination Unreachable' }, response: null,
  }),
  wsText: exchange({
    proto: 'ws', client: W.frontend, clientPort: 52300, server: W.chat, serverPort: 80, at: 17000,
    request: { opcode: 'text', payload: '{"msg":"hello"}', length: 15 }, response: null,
  }),
  httpOld: exchange({
    proto: 'http', client: W.frontend, clientPort: 50000, server: W.catalog, serverPort: 8080, at: -10 * 86_400_000, elapsed: 3,
    node: { name: 'node-b', ip: '10.0.0.11' },
    request: httpRequest('GET', '/static/app.js', { Host: 'shop.example.com', 'User-Agent': 'Mozilla/5.0' }),
    response: httpResponse(200, 'OK', { 'Content-Type': 'text/javascript' }, 'console.log(1)'),
  }),
  redisSkewed: exchange({
    proto: 'redis', client: W.frontend, clientPort: 51710, server: W.redis, serverPort: 6379, at: 60_000, elapsed: 1,
    request: { type: 'Array', command: 'GET', key: 'feature:flags', value: '', keyword: '' },
    response: { type: 'Bulk String', command: '', key: '', value: 'dark-mode', keyword: '' },
  }),
} satisfies Record<string, Item>;

export type FixtureName = keyof typeof fixtures;
export const allFixtures: Item[] = Object.values(fixtures);
export const fixtureNames = Object.keys(fixtures) as FixtureName[];

/** Names of the fixtures `predicate` accepts, in declaration order (for readable assertions). */
export function namesWhere(predicate: (item: Item) => boolean): FixtureName[] {
  return fixtureNames.filter((n) => predicate(fixtures[n]));
}
