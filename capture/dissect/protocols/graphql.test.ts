/**
 * GraphQL detection and operation extraction, and the GQL protocol override on HTTP/1.1
 * and HTTP/2 items (through real flow sessions).
 */
import test from 'ava';
import { builtinDissectors } from '../manifest.ts';
import { createRegistry } from '../registry.ts';
import { flowOf, run } from '../testing/flow-fixture.ts';
import { request, response } from '../testing/http-messages.ts';
import { documentOperations, graphqlOperation } from './graphql.ts';
import { clientPreface, concat, data, encoders, headers } from './http2-encode.ts';

const registry = createRegistry(builtinDissectors);

test('documentOperations: outline of a document', (t) => {
  t.deepEqual(documentOperations('{ user(id: 1) { name } }'), [['query', '']]);
  t.deepEqual(documentOperations('query GetUser($id: ID!) @cached { user(id: $id) { name } }'), [['query', 'GetUser']]);
  t.deepEqual(documentOperations('# comment\n mutation AddUser { addUser(name: "a{b") { id } }'), [['mutation', 'AddUser']]);
  t.deepEqual(
    documentOperations('fragment F on User { id }\nquery A { ...F }\nsubscription B { ev { ...F } }\nquery { x }'),
    [['query', 'A'], ['subscription', 'B'], ['query', '']],
  );
  t.deepEqual(documentOperations('query ("""block { string"""){ x }'), [['query', '']]);
  t.is(documentOperations('hello world'), null);
  t.is(documentOperations('{"json": true}') === null, false, 'a brace is a valid selection set start');
  t.is(documentOperations('<html>'), null);
  t.is(documentOperations(''), null);
});

test('graphqlOperation: JSON bodies, batches, application/graphql, GET parameters, persisted queries', (t) => {
  const op = (path: string, mime: string, body: string, q: Record<string, string | string[]> = {}) => graphqlOperation(path, mime, body, q);
  t.deepEqual(op('/graphql', 'application/json', '{"query":"query Me { me { id } }"}'), { operationName: 'Me', operationType: 'query', batchSize: 0 });
  t.deepEqual(
    op('/api', 'application/json', '{"query":"query A { a } mutation B { b }","operationName":"B","variables":{}}'),
    { operationName: 'B', operationType: 'mutation', batchSize: 0 },
  );
  t.deepEqual(op('/gql', 'application/json', '[{"query":"{ a }"},{"query":"{ b }"}]'), { operationName: '', operationType: 'query', batchSize: 2 });
  t.deepEqual(op('/x', 'application/graphql', 'subscription OnEvent { ev }'), { operationName: 'OnEvent', operationType: 'subscription', batchSize: 0 });
  t.deepEqual(op('/graphql', '', '', { query: '{ me { id } }', operationName: 'Me' }), { operationName: 'Me', operationType: 'query', batchSize: 0 });
  t.deepEqual(
    op('/graphql', 'application/json', '{"operationName":"Feed","extensions":{"persistedQuery":{"version":1,"sha256Hash":"ab"}}}'),
    { operationName: 'Feed', operationType: '', batchSize: 0 },
  );
  t.is(op('/api/users', 'application/json', '{"name":"x"}'), null);
  t.is(op('/api/search', 'application/json', '{"query":"shoes size 42"}'), null, 'a search "query" is not GraphQL');
  t.is(op('/graphql', '', ''), null, 'loading the GraphiQL page is not an operation');
  t.is(op('/graphql', 'application/json', '{"query": broken'), null);
});

test('GraphQL over HTTP/1.1: a GQL 1.1 item with operation name and type', (t) => {
  const body = JSON.stringify({ query: 'mutation CreateOrder($q: Int) { createOrder(qty: $q) { id } }', variables: { q: 2 } });
  const h = run([], [
    { dir: 0, bytes: request('POST', '/graphql', [['Host', 'shop'], ['Content-Type', 'application/json']], body) },
    { dir: 1, bytes: response(200, 'OK', [['Content-Type', 'application/json']], '{"data":{"createOrder":{"id":"1"}}}') },
    { dir: 0, bytes: request('GET', '/healthz', [['Host', 'shop']]) },
    { dir: 1, bytes: response(200, 'OK', [], 'ok') },
  ], { registry, flow: flowOf('tcp', 80) });
  t.is(h.items.length, 2);
  const [gql, plain] = h.items;
  t.is(gql.protocol.abbr, 'GQL');
  t.is(gql.protocol.macro, 'gql');
  t.is(gql.protocol.version, '1.1');
  t.is(gql.request!.operationName, 'CreateOrder');
  t.is(gql.request!.operationType, 'mutation');
  t.is(gql.response!.status, 200);
  t.is(plain.protocol.abbr, 'HTTP');
  t.is(plain.request!.operationName, undefined);
});

test('GraphQL over HTTP/2: a GQL 2.0 item', (t) => {
  const [c, s] = encoders();
  const body = new TextEncoder().encode('{"query":"query Catalogue { items { id } }"}');
  const h = run([], [
    { dir: 0, bytes: concat([clientPreface(), headers(c, 1, [[':method', 'POST'], [':scheme', 'http'], [':authority', 'shop'], [':path', '/graphql'], ['content-type', 'application/json']]), data(1, body, { endStream: true })]) },
    { dir: 1, bytes: concat([headers(s, 1, [[':status', '200'], ['content-type', 'application/json']]), data(1, new TextEncoder().encode('{"data":{}}'), { endStream: true })]) },
  ], { registry, flow: flowOf('tcp', 8080) });
  t.is(h.items.length, 1);
  t.is(h.items[0].protocol.abbr, 'GQL');
  t.is(h.items[0].protocol.version, '2.0');
  t.is(h.items[0].request!.operationName, 'Catalogue');
  t.is(h.items[0].request!.operationType, 'query');
});
