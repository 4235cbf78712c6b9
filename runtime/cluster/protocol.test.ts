import test from 'ava';
import { CLUSTER_PATH, ClusterAddressError, clusterUrl, parseHubMessage, parseWorkerMessage, WIREHOOK_VERSION } from './protocol.ts';
import { hubHttpBase } from './scripts-sync.ts';
import { itemJson } from '../../capture/item-json.ts';

test('clusterUrl: ws kept, http mapped, bare host:port taken as ws, default path', (t) => {
  t.is(clusterUrl('ws://hub:8899'), `ws://hub:8899${CLUSTER_PATH}`);
  t.is(clusterUrl('http://hub:8899/'), `ws://hub:8899${CLUSTER_PATH}`);
  t.is(clusterUrl('https://hub.example'), `wss://hub.example${CLUSTER_PATH}`);
  t.is(clusterUrl('hub.wirehook.svc:8899'), `ws://hub.wirehook.svc:8899${CLUSTER_PATH}`);
  t.is(clusterUrl('wss://proxy/wirehook/cluster'), 'wss://proxy/wirehook/cluster');
  for (const bad of ['ftp://hub', 'ws://', '::::']) t.throws(() => clusterUrl(bad), { instanceOf: ClusterAddressError, message: /not a hub address/ });
});

test('hubHttpBase: the REST base of a hub address in any accepted form', (t) => {
  t.is(hubHttpBase('ws://hub:8899/api/cluster'), 'http://hub:8899');
  t.is(hubHttpBase('wss://hub'), 'https://hub');
  t.is(hubHttpBase('127.0.0.1:8899'), 'http://127.0.0.1:8899');
});

test('parseWorkerMessage accepts well-formed messages and returns null for anything else', (t) => {
  t.like(parseWorkerMessage(JSON.stringify({ t: 'hello', protocol: 1, name: 'node-1.a', ip: '10.0.0.1', version: '1', sources: ['x', 3] })), {
    t: 'hello',
    name: 'node-1.a',
    sources: ['x'],
  });
  t.like(parseWorkerMessage(JSON.stringify({ t: 'batch', items: [{ id: 'a' }], flows: [], console: [{ s: 'a.js', l: 'log', x: 'hi', t: 1 }, { s: 1 }], dropped: { items: 3, flows: -1 } })), {
    console: [{ s: 'a.js', l: 'log', x: 'hi', t: 1 }],
    dropped: { items: 3, flows: 0, console: 0, actions: 0 },
  });
  t.like(parseWorkerMessage(JSON.stringify({ t: 'action', action: 'a', depth: 2 })), { object: null, depth: 2 });
  t.like(parseWorkerMessage(JSON.stringify({ t: 'stats', scripts: [{ id: 'a.js', state: 'running', calls: 1, errors: 0 }, { id: 1 }] })), { scripts: [{ id: 'a.js' }] });
  for (const bad of [
    'nope',
    '[]',
    '{"t":"hello","name":"hub"}',
    '{"t":"hello","name":"../x"}',
    '{"t":"batch","items":{}}',
    '{"t":"action","action":"a","depth":0}',
    `{"t":"action","action":"${'x'.repeat(201)}","depth":1}`,
    '{"t":"other"}',
  ]) {
    t.is(parseWorkerMessage(bad), null, bad.slice(0, 40));
  }
});

test('parseHubMessage keeps only well-formed scripts', (t) => {
  t.deepEqual(parseHubMessage(JSON.stringify({ t: 'scripts', scripts: [{ id: 'a.js', code: 'x' }, { id: 2 }], env: { A: 1 } })), { t: 'scripts', scripts: [{ id: 'a.js', code: 'x' }], env: { A: 1 } });
  t.is(parseHubMessage('{"t":"scripts","scripts":[]}'), null);
  t.is(parseHubMessage('{'), null);
});

test('WIREHOOK_VERSION comes from package.json', (t) => {
  t.regex(WIREHOOK_VERSION, /^\d+\.\d+\.\d+/);
});

test('parseWorkerMessage: batch items as JSON lines after the header keep their text as the item JSON', (t) => {
  const a = '{"id":"w/1-0","n":1}';
  const b = '{"id":"w/2-0","n":2}';
  const m = parseWorkerMessage(`{"t":"batch","items":[],"flows":[],"console":[],"dropped":{}}\n${a}\n${b}\n{not json`);
  t.is(m?.t, 'batch');
  const items = (m as { items: (Record<string, unknown> | null)[] }).items;
  t.deepEqual(items.slice(0, 2), [{ id: 'w/1-0', n: 1 }, { id: 'w/2-0', n: 2 }]);
  t.is(items[2], null, 'a bad line is kept as a rejectable entry, not dropped silently');
  t.is(itemJson(items[0]!), a, 'the line is reused, not re-serialised');
  t.is(JSON.stringify(items[0]), a, 'the cache is invisible to JSON');
});
