/**
 * WebSocket and GraphQL end to end on real traffic: a `ws` server and client (text,
 * 16/64-bit binary lengths, fragmentation, ping/pong, close), and GraphQL POSTs and GETs
 * with curl to node servers over HTTP/1.1 and h2c. Captured by tcpdump in this test,
 * dissected by our pipeline and compared with tshark's decoding of the same file.
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import http from 'node:http';
import http2 from 'node:http2';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { WebSocket, WebSocketServer } from 'ws';
import type { Item } from './item.ts';
import { dissectFile } from './testing/dissect-file.ts';
import { tempDir, tsharkRows } from './testing/pcap-fixtures.ts';
import { startCapture } from './testing/tcpdump.ts';
import { decodeAs, tsharkH2Exchanges, tsharkWsFrames } from './testing/tshark-h2.ts';

const exec = promisify(execFile);
const WS = 17310;
const GQL1 = 17311;
const GQL2 = 17312;

function gqlAnswer(body: string): string {
  return JSON.stringify({ data: { echo: body.length } });
}

async function servers() {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: WS, perMessageDeflate: false });
  wss.on('connection', (sock) => sock.on('message', (data, binary) => sock.send(data, { binary })));
  await new Promise((r) => wss.once('listening', r));
  const h1 = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(gqlAnswer(body));
    });
  });
  await new Promise<void>((r) => h1.listen(GQL1, '127.0.0.1', () => r()));
  const h2 = http2.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(gqlAnswer(body));
    });
  });
  await new Promise<void>((r) => h2.listen(GQL2, '127.0.0.1', () => r()));
  return async () => {
    await new Promise((r) => wss.close(r));
    await new Promise((r) => h1.close(r));
    await new Promise((r) => h2.close(r));
  };
}

async function wsClient(): Promise<void> {
  const ws = new WebSocket(`ws://127.0.0.1:${WS}/chat`, { perMessageDeflate: false });
  await new Promise((r) => ws.once('open', r));
  const replies = (n: number) =>
    new Promise<void>((resolve) => {
      let left = n;
      const on = () => {
        if (--left === 0) {
          ws.off('message', on);
          resolve();
        }
      };
      ws.on('message', on);
    });
  let done = replies(4);
  ws.send('hello wirehook');
  ws.send(Buffer.alloc(300, 7));
  ws.send(Buffer.alloc(70_000, 1));
  ws.send('frag-1 ', { fin: false });
  ws.send('frag-2', { fin: true });
  await done;
  done = new Promise((r) => ws.once('pong', () => r()));
  ws.ping('are you there');
  await done;
  ws.close(1000, 'bye');
  await new Promise((r) => ws.once('close', r));
}

const QUERIES = [
  { query: 'query GetUser($id: ID!) { user(id: $id) { name } }', variables: { id: 1 } },
  { query: 'mutation AddItem { addItem(name: "x") { id } }' },
  { query: '{ shop { name } }', operationName: null },
];

let items: Item[];
let file: string;
let weirds: Record<string, number>;
let cleanup: () => Promise<void>;

test.before(async () => {
  const tmp = await tempDir('wh-real-ws-');
  cleanup = tmp.cleanup;
  file = join(tmp.dir, 'ws-gql.pcap');
  const stop = await servers();
  const cap = await startCapture(file, `tcp port ${WS} or tcp port ${GQL1} or tcp port ${GQL2}`);
  try {
    await wsClient();
    const post = (url: string, body: object, ...extra: string[]) =>
      exec('curl', ['-s', '-o', '/dev/null', ...extra, '-H', 'content-type: application/json', '--data', JSON.stringify(body), url]);
    for (const q of QUERIES) await post(`http://127.0.0.1:${GQL1}/graphql`, q);
    for (const q of QUERIES) await post(`http://127.0.0.1:${GQL2}/api/graphql`, q, '--http2-prior-knowledge');
    await exec('curl', ['-s', '-o', '/dev/null', '-G', '--data-urlencode', 'query=query Ping { ping }', `http://127.0.0.1:${GQL1}/graphql`]);
    await post(`http://127.0.0.1:${GQL1}/api/orders`, { sku: 'not graphql' });
  } finally {
    await cap.stop();
    await stop();
  }
  const r = await dissectFile(file);
  items = r.items;
  weirds = r.pipeline.weirds.toJSON();
});

test.after.always(async () => {
  if (!process.env.KEEP) await cleanup?.();
});

const wsItems = () => items.filter((i) => i.protocol.macro === 'ws');
const frameOf = (i: Item) => (i.request ?? i.response)!;

test('every WebSocket frame tshark sees is an item with the same opcode, length, FIN and mask', async (t) => {
  const theirs = (await tsharkWsFrames(file, [WS])).map((f) => `${f.opcode} ${f.payloadLength} ${f.fin} ${f.masked}`).sort();
  const ours = wsItems().map((i) => frameOf(i)).map((f) => `${f.opcode} ${f.payloadLength} ${f.fin} ${f.masked}`).sort();
  t.is(theirs.length, 13, '5 client frames, 4 echoes, ping, pong and two closes');
  t.deepEqual(ours, theirs);
  t.deepEqual(weirds, {});
});

test('WebSocket items: text payloads, masking by direction, fragments, ping/pong and close', (t) => {
  const ws = wsItems();
  t.true(ws.every((i) => i.protocol.abbr === 'WS' && i.error === null));
  const hello = ws.filter((i) => frameOf(i).payload === 'hello wirehook');
  t.is(hello.length, 2, 'the message and its echo');
  t.true(frameOf(hello.find((i) => i.request)!).masked);
  t.false(frameOf(hello.find((i) => i.response)!).masked);
  const big = ws.filter((i) => frameOf(i).payloadLength === 70_000);
  t.is(big.length, 2);
  t.true(big.every((i) => frameOf(i).payloadTruncated && frameOf(i).opcode === 2));
  const cont = ws.find((i) => i.request && frameOf(i).opcode === 0)!;
  t.like(frameOf(cont), { payload: 'frag-2', messageOpcode: 1, fragment: 1, messageLength: 13, fin: true });
  t.truthy(ws.find((i) => frameOf(i).opcodeName === 'ping' && i.request));
  t.truthy(ws.find((i) => frameOf(i).opcodeName === 'pong' && i.response));
  t.like(frameOf(ws.find((i) => i.request && frameOf(i).opcode === 8)!), { closeCode: 1000, closeReason: 'bye' });
  const upgrade = items.find((i) => i.request?.path === '/chat')!;
  t.is(upgrade.protocol.abbr, 'HTTP');
  t.is(upgrade.response!.status, 101);
});

test('GraphQL over HTTP/1.1 and h2c: GQL items with operation names; tshark agrees on method, path and status', async (t) => {
  const gql = items.filter((i) => i.protocol.macro === 'gql');
  t.is(gql.length, 7);
  const v1 = gql.filter((i) => i.protocol.version === '1.1');
  const v2 = gql.filter((i) => i.protocol.version === '2.0');
  t.is(v1.length, 4);
  t.is(v2.length, 3);
  const ops = (xs: Item[]) => xs.map((i) => `${i.request!.operationType}:${i.request!.operationName}`).sort();
  t.deepEqual(ops(v1), ['mutation:AddItem', 'query:', 'query:GetUser', 'query:Ping']);
  t.deepEqual(ops(v2), ['mutation:AddItem', 'query:', 'query:GetUser']);
  t.true(gql.every((i) => i.response?.status === 200 && i.error === null));
  const plain = items.find((i) => i.request?.path === '/api/orders')!;
  t.is(plain.protocol.abbr, 'HTTP');

  const h1 = (await tsharkRows(file, ['http.request.method', 'http.request.uri', 'http.response.code'], [...decodeAs([GQL1], 'http'), '-Y', `http.request and tcp.dstport==${GQL1}`])).map((r) => `${r[0]} ${r[1]}`);
  t.deepEqual(h1.sort(), items.filter((i) => i.dst.port === String(GQL1)).map((i) => `${i.request!.method} ${i.request!.targetUri}`).sort());
  const h2 = (await tsharkH2Exchanges(file, [GQL2])).map((x) => `${x.method} ${x.path} ${x.status}`).sort();
  t.deepEqual(h2, v2.map((i) => `${i.request!.method} ${i.request!.targetUri} ${i.response!.status}`).sort());
});
