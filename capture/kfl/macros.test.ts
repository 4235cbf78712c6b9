/**
 * Every protocol macro alone, negated (both spellings) and compared to booleans, against
 * the fixture cluster — the exact items each one selects.
 */
import test from 'ava';
import { MACROS } from './macros.ts';
import { fixtureNames, type FixtureName } from './testing/items.ts';
import { matches, matching } from './testing/match.ts';

const EXPECTED: Record<string, FixtureName[]> = {
  http: ['httpGet200', 'httpPost500', 'http404Curl', 'httpHealth', 'httpExternal', 'httpNs1ToNs2', 'httpOld'],
  http2: ['http2Get'],
  grpc: ['grpcOk', 'grpcUnavailable'],
  gql: ['gqlQuery'],
  dns: ['dnsA', 'dnsNx', 'dnsUnanswered'],
  redis: ['redisNs2ToNs1', 'redisGet', 'redisSet', 'redisSkewed'],
  kafka: ['kafkaProduce'],
  amqp: ['amqpPublish'],
  // The item flag (HTTPS to the internet) or a TLS item.
  tls: ['httpExternal', 'tlsHello'],
  tcp: fixtureNames.filter((n) => !/^(dns|udp|icmp)/.test(n)),
  udp: ['dnsA', 'dnsNx', 'dnsUnanswered', 'udpRaw'],
  icmp: ['icmpUnreachable'],
  ws: ['wsText'],
};

const others = (xs: FixtureName[]): FixtureName[] => fixtureNames.filter((n) => !xs.includes(n));

test('every macro has an expectation here', (t) => {
  t.deepEqual(MACROS.map((m) => m.name).sort(), Object.keys(EXPECTED).sort());
});

for (const [macro, expected] of Object.entries(EXPECTED)) {
  test(`macro ${macro}: alone, negated, compared`, (t) => {
    t.deepEqual(matching(macro), expected, macro);
    t.deepEqual(matching(`!${macro}`), others(expected), `!${macro}`);
    t.deepEqual(matching(`not ${macro}`), others(expected), `not ${macro}`);
    t.deepEqual(matching(`${macro} == true`), expected, `${macro} == true`);
    t.deepEqual(matching(`${macro} == false`), others(expected), `${macro} == false`);
    t.deepEqual(matching(`${macro} != true`), others(expected), `${macro} != true`);
    t.deepEqual(matching(`true == ${macro}`), expected, `true == ${macro}`);
    t.deepEqual(matching(`(${macro})`), expected, `(${macro})`);
  });
}

test('macros combine with fields and each other', (t) => {
  t.deepEqual(matching('tcp and !http and !redis and !grpc'), ['http2Get', 'gqlQuery', 'kafkaProduce', 'amqpPublish', 'tlsHello', 'tcpRaw', 'wsText']);
  t.deepEqual(matching('http or http2 or grpc or gql'), [...EXPECTED.http.slice(0, 6), 'http2Get', 'grpcOk', 'grpcUnavailable', 'gqlQuery', 'httpOld']);
  t.deepEqual(matching('udp and !dns'), ['udpRaw']);
});

test('macros are false on items without a protocol, and on non-objects', (t) => {
  for (const item of [{}, { protocol: null }, { protocol: 'http' }, { protocol: { macro: 7 } }, null, 42, 'http', [1], true]) {
    for (const m of Object.keys(EXPECTED)) {
      t.false(matches(m, item), `${m} on ${JSON.stringify(item)}`);
      t.true(matches(`!${m}`, item), `!${m} on ${JSON.stringify(item)}`);
    }
  }
});

test('tls covers the item flag even when the protocol is not TLS', (t) => {
  t.true(matches('tls', { tls: true, protocol: { macro: 'redis' } }));
  t.false(matches('tls', { tls: false, protocol: { macro: 'redis' } }));
  t.true(matches('protocol.macro == "tls"', { protocol: { macro: 'tls' } }));
});
