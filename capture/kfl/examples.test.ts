/**
 * Every example of SCRIPT-API.md §5, against the fixture cluster: the exact set of items
 * each one matches (so both the true and the false cases are asserted).
 */
import test from 'ava';
import { fixtureNames } from './testing/items.ts';
import { matching } from './testing/match.ts';

const EXAMPLES: [query: string, expected: string[]][] = [
  ['http and response.status == 500', ['httpPost500']],
  // Unanchored, as in Kubeshark: "204" contains a 4 followed by anything.
  ['response.status == r"4.*"', ['http404Curl', 'httpHealth']],
  ['dst.namespace == ""', ['httpExternal', 'tlsHello', 'tcpRaw', 'udpRaw', 'icmpUnreachable']],
  [
    '(src.namespace == "ns1" and dst.namespace == "ns2") or\n(src.namespace == "ns2" and dst.namespace == "ns1")',
    ['httpNs1ToNs2', 'redisNs2ToNs1'],
  ],
  ['dst.name == "www.example.com"', ['httpExternal', 'tlsHello']],
  ['! dns or dns == false', fixtureNames.filter((n) => !n.startsWith('dns'))],
  // HTTP/2 lower-cases header names; bracket keys match case-insensitively.
  ['request.headers["User-Agent"] == r"curl/.*"', ['http404Curl', 'http2Get']],
  ['request.path.startsWith("/api")', ['httpGet200', 'httpPost500', 'httpNs1ToNs2']],
  ['http && status_code >= 400 && status_code < 500', ['http404Curl']],
];

for (const [query, expected] of EXAMPLES) {
  test(`SCRIPT-API §5: ${query.replace(/\n/g, ' ')}`, (t) => {
    t.deepEqual(matching(query), expected);
  });
}

const MORE: [query: string, expected: string[]][] = [
  ['response.content.text.json().items[0].id == 3', ['httpGet200']],
  ['timestamp >= minutes(-5)', fixtureNames.filter((n) => n !== 'httpOld')],
  ['src.pod.namespace == "shop" and dst.port == 6379', ['redisGet', 'redisSet', 'redisSkewed']],
];

for (const [query, expected] of MORE) {
  test(`docs/kfl.md example: ${query}`, (t) => {
    t.deepEqual(matching(query), expected);
  });
}

test('an anchored regex narrows the status example', (t) => {
  t.deepEqual(matching('response.status == r"^4"'), ['http404Curl']);
});

test('an empty or whitespace-only query matches everything, including non-items', (t) => {
  for (const q of ['', '   ', '\n\t ', '// just a comment']) t.deepEqual(matching(q), fixtureNames, JSON.stringify(q));
});
