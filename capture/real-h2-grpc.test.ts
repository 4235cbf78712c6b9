/**
 * HTTP/2 and gRPC end to end on real traffic: nghttp, curl and node's http2 client against
 * nginx (h2c), a node http2 server that resets a stream, and a real @grpc/grpc-js server and
 * client (unary, server streaming, an error status), captured by tcpdump in this test,
 * dissected by our pipeline and compared with tshark's decoding of the same file.
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import http2 from 'node:http2';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Item } from './item.ts';
import { Pipeline } from './pipeline.ts';
import { readPcapFile } from './source/pcap-file.ts';
import { prng } from './synth/interleave.ts';
import { dissectFile } from './testing/dissect-file.ts';
import { mutateFrame } from './testing/mutate.ts';
import { collector, tempDir } from './testing/pcap-fixtures.ts';
import { startGreeter, startNginxH2c } from './testing/servers-h2.ts';
import { startCapture } from './testing/tcpdump.ts';
import { tsharkGrpcMessageLengths, tsharkH2Exchanges } from './testing/tshark-h2.ts';

const exec = promisify(execFile);
const NGINX = 17300;
const GRPC = 17301;
const NODE = 17302;
const PORTS = [NGINX, GRPC, NODE];

const bigJson = JSON.stringify({ items: Array.from({ length: 600 }, (_, i) => ({ id: i, name: `item-${i}` })) });

/** node http2 server: /reset is answered with RST_STREAM CANCEL, /echo echoes, anything else sends trailers. */
function nodeH2Server(): Promise<http2.Http2Server> {
  const srv = http2.createServer();
  srv.on('stream', (stream, headers) => {
    if (headers[':path'] === '/reset') {
      stream.close(http2.constants.NGHTTP2_CANCEL);
      return;
    }
    if (headers[':path'] === '/echo') {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        stream.respond({ ':status': 200, 'content-type': String(headers['content-type']) });
        stream.end(Buffer.concat(chunks));
      });
      return;
    }
    stream.respond({ ':status': 200, 'content-type': 'text/plain' }, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers({ 'x-checksum': 'c0ffee' }));
    stream.end('with trailers\n');
  });
  return new Promise((resolve) => srv.listen(NODE, '127.0.0.1', () => resolve(srv)));
}

/** `n` concurrent GETs on one node http2 session. */
async function concurrentGets(url: string, n: number, path: (i: number) => string): Promise<void> {
  const session = http2.connect(url);
  await Promise.all(
    Array.from({ length: n }, (_, i) =>
      new Promise<void>((resolve) => {
        const req = session.request({ ':path': path(i) });
        req.on('response', () => undefined);
        req.resume();
        req.on('close', () => resolve());
        req.end();
      }),
    ),
  );
  session.close();
}

let items: Item[];
let file: string;
let weirds: Record<string, number>;
let cleanup: () => Promise<void>;

test.before(async () => {
  const tmp = await tempDir('wh-real-h2-');
  cleanup = tmp.cleanup;
  file = join(tmp.dir, 'h2.pcap');
  const nginx = await startNginxH2c(NGINX, { 'index.html': '<h1>wirehook h2</h1>', 'data.json': bigJson });
  const greeter = await startGreeter(GRPC);
  const node = await nodeH2Server();
  const cap = await startCapture(file, PORTS.map((p) => `tcp port ${p}`).join(' or '));
  try {
    const n = `http://127.0.0.1:${NGINX}`;
    await exec('nghttp', ['-n', `${n}/hello`, `${n}/index.html`, `${n}/missing`]);
    // curl 7.88 fails (exit 16) reusing a prior-knowledge connection: one URL per run.
    await exec('curl', ['-s', '-o', '/dev/null', '--http2-prior-knowledge', `${n}/status/404`]);
    await exec('curl', ['-s', '-o', '/dev/null', '--http2-prior-knowledge', `${n}/status/500`]);
    // nginx answers `return 201` before reading the body, then RST_STREAM NO_ERROR (curl: exit 92).
    await exec('curl', ['-s', '-o', '/dev/null', '--http2-prior-knowledge', '-X', 'POST', '-H', 'content-type: application/json', '--data', '{"n":1}', `${n}/submit`]).catch(() => undefined);
    await exec('curl', ['-s', '-o', '/dev/null', '--http2-prior-knowledge', '--compressed', `${n}/data.json`]);
    await concurrentGets(n, 40, (i) => `/hello?i=${i}`);
    const client = greeter.client();
    await client.sayHello('ada');
    await client.sayHello('grace');
    await client.sayHellos('linus', 5);
    await client.fail('nobody');
    client.close();
    await concurrentGets(`http://127.0.0.1:${NODE}`, 1, () => '/trailers');
    await exec('curl', ['-s', '-o', '/dev/null', '--http2-prior-knowledge', '-H', 'content-type: application/json', '--data', '{"n":1}', `http://127.0.0.1:${NODE}/echo`]);
    await concurrentGets(`http://127.0.0.1:${NODE}`, 1, () => '/reset');
  } finally {
    await cap.stop();
    await nginx.stop();
    await greeter.stop();
    await new Promise((r) => node.close(r));
  }
  const r = await dissectFile(file);
  items = r.items;
  weirds = r.pipeline.weirds.toJSON();
});

test.after.always(async () => {
  if (!process.env.KEEP) await cleanup?.();
});

const key = (method: string, path: string, status: number, grpc: string) => `${method} ${path} ${status} ${grpc}`;

test('every HTTP/2 stream tshark sees is an item with the same method, path, status and grpc-status', async (t) => {
  const theirs = (await tsharkH2Exchanges(file, PORTS)).map((x) => key(x.method, x.path, x.status, x.grpcStatus)).sort();
  const ours = items.map((i) => key(i.request?.method ?? '', i.request?.targetUri ?? '', i.response?.status ?? 0, i.response?.headers['grpc-status'] ?? '')).sort();
  t.is(theirs.length, 54, 'tshark saw every stream');
  t.deepEqual(ours, theirs);
  t.deepEqual(weirds, {}, 'real traffic raises no anomaly');
});

test('h2c items carry HTTP/2 fields, pseudo headers and decoded bodies', (t) => {
  const hello = items.find((i) => i.request?.path === '/hello' && i.request.queryString.i === undefined)!;
  t.is(hello.protocol.abbr, 'HTTP/2');
  t.is(hello.protocol.macro, 'http2');
  t.is(hello.request!.headers[':authority'], `127.0.0.1:${NGINX}`);
  t.is(hello.request!.httpVersion, 'HTTP/2.0');
  t.is(hello.response!.headers[':status'], '200');
  t.is(Buffer.from(hello.response!.content.text, 'base64').toString(), 'hello h2\n');
  const data = items.find((i) => i.request?.path === '/data.json')!;
  t.is(data.response!.headers['content-encoding'], 'gzip');
  t.is(Buffer.from(data.response!.content.text, 'base64').toString(), bigJson);
  const submit = items.find((i) => i.request?.path === '/submit')!;
  t.is(submit.response!.status, 201, 'answered before the body, then RST_STREAM NO_ERROR: no error');
  t.is(submit.error, null);
  const echo = items.find((i) => i.request?.path === '/echo')!;
  t.is(echo.request!.postData.text, '{"n":1}');
  t.is(echo.request!.postData.mimeType, 'application/json');
  t.is(Buffer.from(echo.response!.content.text, 'base64').toString(), '{"n":1}');
});

test('40 concurrent streams on one connection are 40 paired items', (t) => {
  const many = items.filter((i) => i.request?.queryString.i !== undefined);
  t.is(many.length, 40);
  t.is(new Set(many.map((i) => i.stream)).size, 1);
  t.deepEqual(many.map((i) => Number(i.request!.queryString.i)).sort((a, b) => a - b), Array.from({ length: 40 }, (_, i) => i));
  t.true(many.every((i) => i.response?.status === 200 && i.error === null));
});

test('gRPC calls: unary, server streaming and an error status, with message counts tshark agrees with', async (t) => {
  const calls = items.filter((i) => i.protocol.abbr === 'gRPC');
  t.is(calls.length, 4);
  t.true(calls.every((i) => i.protocol.macro === 'grpc' && i.protocol.ports.includes('50051')));
  const stream = calls.find((i) => i.request!.path.endsWith('/SayHellos'))!;
  t.is(stream.response!.grpc.messages, 5);
  t.is(stream.response!.grpc.status, 0);
  t.is(stream.request!.grpc.service, 'helloworld.Greeter');
  const fail = calls.find((i) => i.request!.path.endsWith('/Fail'))!;
  t.is(fail.response!.headers['grpc-status'], '5');
  t.is(fail.response!.grpc.message, 'no user named nobody');
  const unary = calls.filter((i) => i.request!.path.endsWith('/SayHello'));
  t.is(unary.length, 2);
  t.true(unary.every((i) => i.response!.trailers['grpc-status'] === '0' && i.response!.grpc.messages === 1));
  const ours = calls.flatMap((i) => [...i.request!.grpc.messageSizes, ...i.response!.grpc.messageSizes]).sort((a, b) => a - b);
  t.deepEqual(ours, (await tsharkGrpcMessageLengths(file, PORTS)).sort((a, b) => a - b));
});

test('trailers from a node http2 server and a RST_STREAM as an error item', (t) => {
  const tr = items.find((i) => i.request?.path === '/trailers')!;
  t.deepEqual(tr.response!.trailers, { 'x-checksum': 'c0ffee' });
  const reset = items.find((i) => i.request?.path === '/reset')!;
  t.is(reset.response, null);
  t.deepEqual(reset.error, { type: 'connection', msg: 'RST_STREAM CANCEL (8) from server' });
  t.deepEqual(items.filter((i) => i.error !== null && i !== reset).map((i) => i.error), []);
});

test('3k random mutations of the captured packets: no exception escapes decode + dissect', async (t) => {
  const { packets, onPacket } = collector();
  await readPcapFile(file, onPacket);
  const rand = prng(17);
  const p = new Pipeline({ onItem: () => undefined });
  for (let i = 0; i < 3000; i++) {
    const pkt = packets[i % packets.length];
    const data = rand() < 0.7 ? mutateFrame(rand, pkt.data) : pkt.data;
    p.push({ ...pkt, data, origLen: Math.max(data.length, pkt.origLen) });
  }
  p.finish();
  t.is(p.weirds.get('dissect_parser_exception'), 0);
  t.true(p.weirds.total + p.stats.decodeErrors > 0);
});
