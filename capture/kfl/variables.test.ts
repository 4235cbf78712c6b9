/**
 * Every KFL2 variable: its value on fixture items (including where it is missing), and
 * that the name resolves in queries — alone, compared, and with selection continuing.
 */
import test from 'ava';
import { VARIABLES, VARIABLE_BY_NAME } from './variables.ts';
import { fixtures, type FixtureName } from './testing/items.ts';
import { matches, matching } from './testing/match.ts';

type Case = [item: FixtureName | Record<string, unknown>, value: unknown];

const f = fixtures;
const CASES: Record<string, Case[]> = {
  'src.ip': [['httpGet200', '10.1.0.11']],
  'dst.ip': [['httpGet200', '10.1.0.21']],
  'src.port': [['httpGet200', '51234']],
  'dst.port': [['httpGet200', '8080']],
  'src.pod.name': [['httpGet200', 'frontend-7d9f8-abcde'], ['httpHealth', undefined]],
  'src.pod.namespace': [['httpGet200', 'shop'], ['http404Curl', '']],
  'dst.pod.name': [['grpcOk', 'payments-84c2d-lmnop'], ['wsText', undefined], [{ dst: { pod: null, service: { metadata: { name: 'svc' } } } }, 'svc']],
  'dst.pod.namespace': [['wsText', 'shop'], ['httpExternal', ''], [{ dst: { pod: null, service: { metadata: { namespace: 'svc-ns' } }, namespace: 'x' } }, 'svc-ns']],
  'src.service.name': [['httpGet200', 'frontend'], ['http404Curl', undefined]],
  'src.service.namespace': [['httpGet200', 'shop']],
  'dst.service.name': [['http2Get', 'orders']],
  'dst.service.namespace': [['httpPost500', 'payments']],
  namespace: [['httpPost500', 'payments'], ['http404Curl', 'shop']],
  namespaces: [['httpPost500', ['shop', 'payments']], ['httpExternal', ['shop']], ['httpGet200', ['shop']]],
  pods: [['httpGet200', ['frontend-7d9f8-abcde', 'catalog-6f5d4-qwert']], ['httpHealth', ['catalog-6f5d4-qwert']]],
  services: [['kafkaProduce', ['orders', 'kafka']]],
  node_name: [['httpOld', 'node-b'], ['httpGet200', 'node-a']],
  node_ip: [['httpOld', '10.0.0.11']],
  method: [['httpPost500', 'POST'], ['http2Get', 'GET'], ['dnsA', undefined], [{ request: { headers: { ':method': 'DELETE' } } }, 'DELETE']],
  path: [['httpGet200', '/api/v1/users/42'], ['dnsA', undefined], [{ request: { headers: { ':path': '/a/b?c=1' } } }, '/a/b']],
  url: [['httpGet200', '/api/v1/users/42?page=2']],
  host: [['httpGet200', 'shop.example.com'], ['http2Get', 'api.shop.svc'], ['redisGet', undefined]],
  status_code: [['httpPost500', 500], ['dnsA', undefined], [{ response: { headers: { ':status': '204' } } }, '204']],
  http_version: [['http2Get', 'HTTP/2.0'], ['httpGet200', 'HTTP/1.1']],
  query_string: [['httpGet200', { page: '2' }], ['httpPost500', {}]],
  request_body_size: [['httpPost500', f.httpPost500.request?.bodySize], ['httpGet200', 0]],
  response_body_size: [['httpGet200', f.httpGet200.response?.bodySize]],
  elapsed_time: [['httpPost500', 340], ['amqpPublish', 0]],
  latency: [['httpPost500', 340]],
  request_size: [['gqlQuery', 1400]],
  response_size: [['httpGet200', 2048], ['amqpPublish', 0]],
  total_size: [['httpGet200', 2168], [{ requestSize: 'x', responseSize: 1 }, undefined]],
  grpc_method: [['grpcOk', 'GetRates'], ['grpcUnavailable', 'CreateEntry'], ['httpGet200', undefined]],
  grpc_status: [['grpcOk', 0], ['grpcUnavailable', 14], ['httpGet200', undefined]],
  dns_questions: [['dnsA', ['www.example.com']], ['httpGet200', undefined]],
  dns_question_types: [['dnsNx', ['AAAA']]],
  dns_answers: [['dnsA', ['93.184.216.34']], ['dnsNx', []], ['dnsUnanswered', undefined]],
  dns_request: [['dnsUnanswered', true], ['httpGet200', false]],
  dns_response: [['dnsUnanswered', false], ['dnsA', true]],
  redis_command: [['redisSet', 'SET'], ['httpGet200', undefined]],
  redis_key: [['redisGet', 'session:1234']],
  kafka_api_key_name: [['kafkaProduce', 'Produce'], ['redisGet', undefined]],
  kafka_client_id: [['kafkaProduce', 'orders-producer']],
  amqp_method: [['amqpPublish', 'basic publish'], ['httpPost500', undefined]],
};

test('every variable has value cases here', (t) => {
  t.deepEqual(VARIABLES.map((v) => v.name).sort(), Object.keys(CASES).sort());
});

for (const [name, cases] of Object.entries(CASES)) {
  test(`variable ${name}`, (t) => {
    const v = VARIABLE_BY_NAME.get(name)!;
    for (const [which, expected] of cases) {
      const item = typeof which === 'string' ? fixtures[which] : which;
      const label = typeof which === 'string' ? which : JSON.stringify(which);
      t.deepEqual(v.get(item), expected, `${name} on ${label}`);
      if (typeof expected === 'string' || typeof expected === 'number' || typeof expected === 'boolean') {
        t.true(matches(`${name} == ${JSON.stringify(expected)}`, item), `query ${name} == ${JSON.stringify(expected)} on ${label}`);
        t.false(matches(`${name} != ${JSON.stringify(expected)}`, item));
      }
      if (expected === undefined) {
        t.false(matches(`${name} == ""`, item), `missing ${name} compares false on ${label}`);
        t.false(matches(`${name} != ""`, item));
        t.true(matches(`!${name}`, item));
      }
    }
    t.false(matches(name, null), 'never matches a non-object');
  });
}

test('variables: selection and methods continue after a variable', (t) => {
  t.deepEqual(matching('query_string.page == "2"'), ['httpGet200']);
  t.deepEqual(matching('src.pod.name.startsWith("app-a")'), ['httpNs1ToNs2']);
  t.deepEqual(matching('dst.pod.name.endsWith("-lmnop") and grpc_status == 14'), ['grpcUnavailable']);
  t.deepEqual(matching('namespaces[1] == "ns1"'), ['redisNs2ToNs1']);
});

test('variables: the item paths they shadow stay reachable', (t) => {
  t.deepEqual(matching('src.pod.metadata.name == "app-b-7c9e8-bbbbb"'), ['redisNs2ToNs1']);
  t.deepEqual(matching('dst.pod.status.phase == "Running" and dst.pod.metadata.labels.app == "kafka"'), ['kafkaProduce']);
  t.deepEqual(matching('status_code == 500'), matching('response.status == 500'));
  t.deepEqual(matching('elapsed_time > 100'), matching('elapsedTime > 100'));
});

test('variables: ports compare numerically against numbers', (t) => {
  t.deepEqual(matching('dst.port == 443'), ['httpExternal', 'tlsHello']);
  t.deepEqual(matching('dst.port == "443"'), ['httpExternal', 'tlsHello']);
  t.deepEqual(matching('src.port < 1024'), ['icmpUnreachable']);
});
