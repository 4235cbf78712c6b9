/**
 * KFL2 short variables: names computed from the item (`status_code` is
 * `response.status`, `src.pod.name` is the source Pod's `metadata.name` …). A variable
 * missing from the item (e.g. `status_code` on a DNS item) is missing: comparisons with it
 * are false, as for any field. Selection may continue after a variable
 * (`query_string.id == "7"`).
 *
 * Name resolution (compile.ts): a dotted variable (`src.pod.name`) wins over the item path
 * it spells; a bare variable wins over a field of the same name (`namespace` is both).
 */
import type { VariableDef } from './context.ts';
import { numberOf } from './values.ts';

/** `o[k]` when `o` is a non-null object, else undefined. */
function at(o: unknown, k: string): any {
  return o !== null && typeof o === 'object' ? (o as Record<string, unknown>)[k] : undefined;
}

/** A header value by name: exact key first, then case-insensitively (HTTP/2 lower-cases). */
export function header(headers: unknown, name: string): unknown {
  if (headers === null || typeof headers !== 'object' || Array.isArray(headers)) return undefined;
  const map = headers as Record<string, unknown>;
  if (Object.hasOwn(map, name)) return map[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(map)) if (k.toLowerCase() === lower) return map[k];
  return undefined;
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function httpPath(it: any): unknown {
  const req = it.request;
  const p = at(req, 'path');
  if (p !== undefined) return p;
  const h = str(header(at(req, 'headers'), ':path'));
  return h === undefined ? undefined : h.split('?')[0];
}

/** Name/namespace of the endpoint's Pod, falling back to its Service (KFL2 behaviour). */
function identity(side: 'src' | 'dst', kind: 'pod' | 'service', key: 'name' | 'namespace'): (it: any) => unknown {
  return (it) => {
    const ep = it[side];
    const v = kind === 'pod' ? (meta(at(ep, 'pod'), key) ?? meta(at(ep, 'service'), key)) : meta(at(ep, 'service'), key);
    if (v !== undefined || key === 'name' || kind === 'service') return v;
    return at(ep, 'namespace');
  };
}

/** A Kubernetes object's `metadata.<key>` (or a flattened `<key>`). */
function meta(o: unknown, key: string): unknown {
  return at(at(o, 'metadata'), key) ?? at(o, key);
}

function distinct(values: unknown[]): string[] {
  const out: string[] = [];
  for (const v of values) if (typeof v === 'string' && v !== '' && !out.includes(v)) out.push(v);
  return out;
}

function dnsList(it: any, side: 'request' | 'response', list: string, pick: (rec: any) => unknown): unknown {
  const recs = at(at(it, side), list);
  if (!Array.isArray(recs)) return undefined;
  return distinct(recs.map(pick));
}

const isProto = (it: any, macro: string): boolean => at(it.protocol, 'macro') === macro;
const srcPodName = identity('src', 'pod', 'name');
const dstPodName = identity('dst', 'pod', 'name');

type Def = [name: string, type: string, description: string, example: string, get: (it: any) => unknown];

const DEFS: Def[] = [
  ['src.ip', 'string', 'Source (client) IP, same as the path.', 'src.ip == "10.1.0.11"', (it) => at(it.src, 'ip')],
  ['dst.ip', 'string', 'Destination (server) IP.', 'dst.ip == "10.1.0.21"', (it) => at(it.dst, 'ip')],
  ['src.port', 'string', 'Source port (a string in items; compares numerically with numbers).', 'src.port > 1024', (it) => at(it.src, 'port')],
  ['dst.port', 'string', 'Destination port (compares numerically with numbers).', 'dst.port == 8080', (it) => at(it.dst, 'port')],
  ['src.pod.name', 'string', "Source Pod's name, else its Service's name.", 'src.pod.name == "frontend-7d9f8-abcde"', srcPodName],
  ['src.pod.namespace', 'string', "Source Pod's namespace, else its Service's, else `src.namespace`.", 'src.pod.namespace == "shop"', identity('src', 'pod', 'namespace')],
  ['dst.pod.name', 'string', "Destination Pod's name, else its Service's name.", 'dst.pod.name.startsWith("orders-")', dstPodName],
  ['dst.pod.namespace', 'string', "Destination Pod's namespace, else its Service's, else `dst.namespace` (\"\" for external).", 'dst.pod.namespace == "payments"', identity('dst', 'pod', 'namespace')],
  ['src.service.name', 'string', "Source Service's name.", 'src.service.name == "frontend"', identity('src', 'service', 'name')],
  ['src.service.namespace', 'string', "Source Service's namespace.", 'src.service.namespace == "shop"', identity('src', 'service', 'namespace')],
  ['dst.service.name', 'string', "Destination Service's name.", 'dst.service.name == "orders"', identity('dst', 'service', 'name')],
  ['dst.service.namespace', 'string', "Destination Service's namespace.", 'dst.service.namespace == "shop"', identity('dst', 'service', 'namespace')],
  ['namespace', 'string', 'Legacy item field: the destination namespace, else the source namespace.', 'namespace == "payments"', (it) => it.namespace],
  ['namespaces', 'list', 'The non-empty namespaces of both sides.', '"payments" in namespaces', (it) => distinct([at(it.src, 'namespace'), at(it.dst, 'namespace')])],
  ['pods', 'list', 'Pod names of both sides.', '"frontend-7d9f8-abcde" in pods', (it) => distinct([srcPodName(it), dstPodName(it)])],
  ['services', 'list', 'Service names of both sides.', '"orders" in services', (it) => distinct([meta(at(it.src, 'service'), 'name'), meta(at(it.dst, 'service'), 'name')])],
  ['node_name', 'string', 'Name of the node that captured the item (`node.name`).', 'node_name == "node-a"', (it) => at(it.node, 'name')],
  ['node_ip', 'string', 'IP of that node (`node.ip`).', 'node_ip == "10.0.0.10"', (it) => at(it.node, 'ip')],
  ['method', 'string', 'HTTP request method (`request.method`, or the `:method` header).', 'method == "POST"', (it) => at(it.request, 'method') ?? header(at(it.request, 'headers'), ':method')],
  ['path', 'string', 'HTTP path without the query string (`request.path`, or `:path`).', 'path.startsWith("/api/")', httpPath],
  ['url', 'string', 'HTTP request URL as captured, path and query string (`request.url`).', 'url.contains("?page=")', (it) => at(it.request, 'url')],
  ['host', 'string', 'HTTP `Host` header, or `:authority` for HTTP/2 and gRPC.', 'host == "shop.example.com"', (it) => header(at(it.request, 'headers'), 'host') ?? header(at(it.request, 'headers'), ':authority')],
  ['status_code', 'number', 'HTTP response status (`response.status`, or `:status`).', 'status_code >= 500', (it) => at(it.response, 'status') ?? header(at(it.response, 'headers'), ':status')],
  ['http_version', 'string', 'HTTP version of the request (`request.httpVersion`).', 'http_version == "HTTP/1.1"', (it) => at(it.request, 'httpVersion')],
  ['query_string', 'object', 'Parsed query parameters (`request.queryString`).', 'query_string.page == "2"', (it) => at(it.request, 'queryString')],
  ['request_body_size', 'number', 'HTTP request body bytes (`request.bodySize`).', 'request_body_size > 0', (it) => at(it.request, 'bodySize')],
  ['response_body_size', 'number', 'HTTP response body bytes (`response.bodySize`).', 'response_body_size > 100', (it) => at(it.response, 'bodySize')],
  ['elapsed_time', 'number', 'Response time in **ms** (`elapsedTime`). KFL2 counts µs; Wirehook items are in ms.', 'elapsed_time > 100', (it) => it.elapsedTime],
  ['latency', 'number', 'Same as `elapsed_time` (ms).', 'latency >= 250', (it) => it.elapsedTime],
  ['request_size', 'number', 'Request bytes on the wire (`requestSize`).', 'request_size > 1000', (it) => it.requestSize],
  ['response_size', 'number', 'Response bytes on the wire (`responseSize`).', 'response_size > 1000', (it) => it.responseSize],
  ['total_size', 'number', '`requestSize + responseSize`.', 'total_size > 2000', (it) => (typeof it.requestSize === 'number' && typeof it.responseSize === 'number' ? it.requestSize + it.responseSize : undefined)],
  ['grpc_method', 'string', 'gRPC method: the last segment of the request path (`/pkg.Service/Method` → `Method`).', 'grpc_method == "GetRates"', (it) => (isProto(it, 'grpc') ? str(httpPath(it))?.split('/').pop() : undefined)],
  ['grpc_status', 'number', 'gRPC status code from the `grpc-status` header/trailer (0 = OK).', 'grpc_status != 0', (it) => {
    const v = header(at(it.response, 'headers'), 'grpc-status');
    return typeof v === 'string' ? numberOf(v) : v;
  }],
  ['dns_questions', 'list', 'Names asked in a DNS request.', '"www.example.com" in dns_questions', (it) => dnsList(it, 'request', 'questions', (q) => at(q, 'name'))],
  ['dns_question_types', 'list', 'Record types asked (`A`, `AAAA`, `SRV` …).', '"AAAA" in dns_question_types', (it) => dnsList(it, 'request', 'questions', (q) => at(q, 'type'))],
  ['dns_answers', 'list', 'Answer values: the IP, else the CNAME, else the name of each answer record.', '"93.184.216.34" in dns_answers', (it) => dnsList(it, 'response', 'answers', (a) => at(a, 'ip') || at(a, 'cname') || at(a, 'name'))],
  ['dns_request', 'boolean', 'A DNS item with a request.', 'dns_request and !dns_response', (it) => isProto(it, 'dns') && it.request !== null && typeof it.request === 'object'],
  ['dns_response', 'boolean', 'A DNS item with a response.', 'dns_response and response.code == "Name Error"', (it) => isProto(it, 'dns') && it.response !== null && typeof it.response === 'object'],
  ['redis_command', 'string', 'Redis command verb (`request.command`).', 'redis_command == "SET"', (it) => (isProto(it, 'redis') ? at(it.request, 'command') : undefined)],
  ['redis_key', 'string', 'Redis key (`request.key`).', 'redis_key.startsWith("session:")', (it) => (isProto(it, 'redis') ? at(it.request, 'key') : undefined)],
  ['kafka_api_key_name', 'string', 'Kafka API name (`request.apiKeyName`).', 'kafka_api_key_name == "Produce"', (it) => (isProto(it, 'kafka') ? at(it.request, 'apiKeyName') : undefined)],
  ['kafka_client_id', 'string', 'Kafka client id (`request.clientID`).', 'kafka_client_id == "orders-producer"', (it) => (isProto(it, 'kafka') ? at(it.request, 'clientID') : undefined)],
  ['amqp_method', 'string', 'AMQP method (`request.method`, e.g. "basic publish").', 'amqp_method == "basic publish"', (it) => (isProto(it, 'amqp') ? at(it.request, 'method') : undefined)],
];

export const VARIABLES: readonly VariableDef[] = DEFS.map(([name, type, description, example, get]) => ({ name, syntax: name, type, description, example, get }));

export const VARIABLE_BY_NAME: ReadonlyMap<string, VariableDef> = new Map(VARIABLES.map((v) => [v.name, v]));
