/**
 * HTTP/1.x end to end on real traffic: curl against nginx (Debian nginx-light) and a node
 * HTTP server on loopback, captured by tcpdump in this test, dissected by our pipeline and
 * compared with tshark's decoding of the same file (method, path, status, body length).
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import http from 'node:http';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import type { Item } from './item.ts';
import { dissectFile } from './testing/dissect-file.ts';
import { collector, tempDir, tsharkRows } from './testing/pcap-fixtures.ts';
import { startNginx, type Server } from './testing/servers.ts';
import { startCapture } from './testing/tcpdump.ts';
import { mutateFrame } from './testing/mutate.ts';
import { readPcapFile } from './source/pcap-file.ts';
import { prng } from './synth/interleave.ts';
import { Pipeline } from './pipeline.ts';

const exec = promisify(execFile);
const NGINX = 17010;
const NODE = 17011;

const bigJson = JSON.stringify({ items: Array.from({ length: 800 }, (_, i) => ({ id: i, name: `item-${i}`, tags: ['a', 'b'] })) });

function nodeServer(): Promise<http.Server> {
  const srv = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      if (req.url === '/fail') {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"error":"database unavailable"}');
      } else if (req.url === '/stream') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        let i = 0;
        const tick = () => {
          if (i++ < 5) {
            res.write(`part ${i}\n`.repeat(200));
            setTimeout(tick, 5);
          } else res.end('done\n');
        };
        tick();
      } else if (req.url === '/echo') {
        res.writeHead(200, { 'content-type': req.headers['content-type'] ?? 'application/octet-stream' });
        res.end(body);
      } else if (req.url === '/gzip') {
        res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
        res.end(gzipSync(bigJson));
      } else {
        res.writeHead(404);
        res.end();
      }
    });
  });
  return new Promise((resolve) => srv.listen(NODE, '127.0.0.1', () => resolve(srv)));
}

const curl = (...args: string[]) => exec('curl', ['-s', '-o', '/dev/null', ...args]);

interface Captured {
  items: Item[];
  file: string;
}

let captured: Captured;
let cleanup: () => Promise<void>;

test.before(async () => {
  const tmp = await tempDir('wh-real-http-');
  cleanup = tmp.cleanup;
  const nginx: Server = await startNginx(NGINX, { 'index.html': '<h1>wirehook</h1>', 'data.json': bigJson });
  const node = await nodeServer();
  const file = join(tmp.dir, 'http.pcap');
  const cap = await startCapture(file, `tcp port ${NGINX} or tcp port ${NODE}`);
  try {
    const n = `http://127.0.0.1:${NGINX}`;
    const s = `http://127.0.0.1:${NODE}`;
    // keep-alive: several URLs on one connection
    await curl(`${n}/hello`, `${n}/index.html`, `${n}/missing`, `${n}/status/500`);
    // gzip + chunked from nginx
    await curl('--compressed', `${n}/data.json`);
    // POST with a JSON body
    await curl('-X', 'POST', '-H', 'content-type: application/json', '--data', '{"name":"x"}', `${n}/submit`);
    // node: 500, chunked streaming body, 100-continue, gzip with Content-Length
    await curl(`${s}/fail`, `${s}/stream`);
    await curl('-H', 'Expect: 100-continue', '-H', 'content-type: text/plain', '--data-binary', 'x'.repeat(3000), `${s}/echo`);
    await curl('--compressed', `${s}/gzip`);
    // HTTP/1.0 request (no keep-alive)
    await curl('--http1.0', `${n}/hello`);
    // HEAD
    await curl('-I', `${n}/index.html`);
  } finally {
    await cap.stop();
    await nginx.stop();
    await new Promise((r) => node.close(r));
  }
  const { items } = await dissectFile(file);
  captured = { items, file };
});

test.after.always(async () => {
  if (!process.env.KEEP) await cleanup?.();
});

/** tshark's requests and responses, paired per TCP stream in order. */
async function tsharkExchanges(file: string) {
  const rows = await tsharkRows(
    file,
    ['tcp.stream', 'http.request.method', 'http.request.uri', 'http.response.code', 'http.request.version', 'http.file_data'],
    ['-d', `tcp.port==${NGINX},http`, '-d', `tcp.port==${NODE},http`, '-Y', 'http.request or http.response', '-o', 'http.decompress_body:TRUE'],
  );
  const byStream = new Map<string, { reqs: string[][]; ress: string[][] }>();
  for (const r of rows) {
    const e = byStream.get(r[0]) ?? { reqs: [], ress: [] };
    byStream.set(r[0], e);
    if (r[1]) e.reqs.push(r);
    // interim 1xx responses (100 Continue) are not the final answer to a request
    else if (r[3] && !(Number(r[3]) >= 100 && Number(r[3]) < 200 && r[3] !== '101')) e.ress.push(r);
  }
  const out: Exchange[] = [];
  for (const { reqs, ress } of byStream.values()) {
    reqs.forEach((q, i) => out.push({ method: q[1], uri: q[2], status: ress[i] ? Number(ress[i][3]) : 0, body: ress[i] ? unescapeTshark(ress[i][5]).length : 0 }));
  }
  return out;
}

/** tshark prints bodies C-escaped (\n, \r, \xNN): back to the bytes. */
function unescapeTshark(s: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] !== '\\') {
      out.push(s.charCodeAt(i));
      continue;
    }
    const c = s[++i];
    if (c === 'x') {
      out.push(parseInt(s.slice(i + 1, i + 3), 16));
      i += 2;
    } else out.push(({ n: 10, r: 13, t: 9 } as Record<string, number>)[c] ?? c.charCodeAt(0));
  }
  return Buffer.from(out);
}

interface Exchange {
  method: string;
  uri: string;
  status: number;
  /** Decoded (de-chunked, decompressed) response body length. */
  body: number;
}

const key = (x: Exchange) => `${x.method} ${x.uri} ${x.status} ${x.body}`;

test('every exchange tshark sees is an item with the same method, path, status and body length', async (t) => {
  const theirs = (await tsharkExchanges(captured.file)).map(key).sort();
  const ours = captured.items.map((i) => key({ method: i.request?.method, uri: i.request?.targetUri, status: i.response?.status ?? 0, body: i.response?.content.size ?? 0 })).sort();
  t.true(theirs.length >= 12, `tshark saw ${theirs.length} exchanges`);
  t.deepEqual(ours, theirs);
});

test('items carry Kubeshark-shaped fields for keep-alive GETs', (t) => {
  const hello = captured.items.find((i) => i.request?.path === '/hello' && i.request?.httpVersion === 'HTTP/1.1');
  t.truthy(hello);
  t.is(hello!.protocol.abbr, 'HTTP');
  t.is(hello!.dst.port, String(NGINX));
  t.is(typeof hello!.src.port, 'string');
  t.is(hello!.response?.status, 200);
  t.is(Buffer.from(hello!.response!.content.text, 'base64').toString(), 'hello world\n');
  t.true(hello!.elapsedTime >= 0);
  t.regex(hello!.id, /^local\/\d{12}\.pcap-\d+$/);
  // the four URLs of the first curl share one connection (keep-alive)
  const first = captured.items.filter((i) => i.stream === hello!.stream);
  t.deepEqual(first.map((i) => i.index), [0, 1, 2, 3]);
});

test('chunked and gzip bodies are decoded to the bytes the server sent', (t) => {
  const gz = captured.items.find((i) => i.request?.path === '/data.json')!;
  t.regex(String(gz.response?.headers['Transfer-Encoding'] ?? gz.response?.headers['transfer-encoding']), /chunked/);
  t.is(Buffer.from(gz.response!.content.text, 'base64').toString(), bigJson);
  t.is(gz.response!.content.size, bigJson.length);
  const nodeGz = captured.items.find((i) => i.request?.path === '/gzip')!;
  t.is(Buffer.from(nodeGz.response!.content.text, 'base64').toString(), bigJson);
  const stream = captured.items.find((i) => i.request?.path === '/stream')!;
  const text = Buffer.from(stream.response!.content.text, 'base64').toString();
  t.true(text.startsWith('part 1\n') && text.endsWith('done\n'));
  t.is(text.length, 5 * 200 * 7 + 5);
});

test('POST bodies, 100-continue, 404/500, HEAD and HTTP/1.0', (t) => {
  const post = captured.items.find((i) => i.request?.path === '/submit')!;
  t.is(post.request!.method, 'POST');
  t.is(post.request!.postData.text, '{"name":"x"}');
  t.is(post.response!.status, 201);
  const echo = captured.items.find((i) => i.request?.path === '/echo')!;
  t.is(echo.request!.bodySize, 3000);
  t.is(echo.response!.status, 200, 'the interim 100 Continue is not the final response');
  t.is(captured.items.find((i) => i.request?.path === '/missing')!.response!.status, 404);
  t.is(captured.items.find((i) => i.request?.path === '/fail')!.response!.status, 500);
  const head = captured.items.find((i) => i.request?.method === 'HEAD')!;
  t.is(head.response!.status, 200);
  t.is(head.response!.bodySize, 0);
  const v10 = captured.items.find((i) => i.request?.httpVersion === 'HTTP/1.0');
  t.truthy(v10);
  t.is(v10!.protocol.version, '1.0');
});

test('no item is left unpaired and nothing was lost', (t) => {
  t.deepEqual(
    captured.items.filter((i) => i.error !== null).map((i) => i.error),
    [],
  );
});

test('10k random mutations of the captured packets: no exception escapes decode + dissect', async (t) => {
  const { packets, onPacket } = collector();
  await readPcapFile(captured.file, onPacket);
  const rand = prng(5);
  const p = new Pipeline({ onItem: () => undefined });
  for (let i = 0; i < 10_000; i++) {
    const pkt = packets[i % packets.length];
    const data = rand() < 0.7 ? mutateFrame(rand, pkt.data) : pkt.data;
    t.notThrows(() => p.push({ ...pkt, data, origLen: Math.max(data.length, pkt.origLen) }));
  }
  t.notThrows(() => p.finish());
  t.true(p.weirds.total + p.stats.decodeErrors > 0);
});
