/**
 * gRPC over HTTP/2: unary, server-streaming and trailers-only error calls as single gRPC
 * items with message counts/sizes, compressed flags and grpc-status from the trailers;
 * the message counter in any split.
 */
import test from 'ava';
import type { Direction } from '../../flow/flow.ts';
import { Weirds } from '../../weird.ts';
import { builtinDissectors } from '../manifest.ts';
import { createRegistry } from '../registry.ts';
import { flowOf, randomSplit, run } from '../testing/flow-fixture.ts';
import { rng } from '../testing/rng.ts';
import { GrpcCounter, grpcMethodOf, isGrpcContentType } from './grpc.ts';
import { clientPreface, concat, data, encoders, grpcMessage, headers, settings } from './http2-encode.ts';
import type { HeaderPairs } from './http2-encode.ts';

const registry = createRegistry(builtinDissectors);
const msg = (n: number, fill = 7) => new Uint8Array(n).fill(fill);

function call(path: string): HeaderPairs {
  return [[':method', 'POST'], [':scheme', 'http'], [':path', path], [':authority', 'greeter:50051'], ['content-type', 'application/grpc'], ['te', 'trailers'], ['grpc-timeout', '1S']];
}
const okHead: HeaderPairs = [[':status', '200'], ['content-type', 'application/grpc']];

function grpcSteps() {
  const [c, s] = encoders();
  const steps: { dir: Direction; bytes: Uint8Array }[] = [
    { dir: 0, bytes: concat([clientPreface(), headers(c, 1, call('/helloworld.Greeter/SayHello')), data(1, grpcMessage(msg(12)), { endStream: true })]) },
    { dir: 1, bytes: concat([settings(), headers(s, 1, okHead), data(1, grpcMessage(msg(20))), headers(s, 1, [['grpc-status', '0'], ['grpc-message', '']], { endStream: true })]) },
    // server streaming: 3 messages, one compressed, split across DATA frames
    { dir: 0, bytes: concat([headers(c, 3, call('/helloworld.Greeter/SayHellos')), data(3, grpcMessage(msg(5)), { endStream: true })]) },
    { dir: 1, bytes: concat([headers(s, 3, okHead), data(3, concat([grpcMessage(msg(100)), grpcMessage(msg(0)), grpcMessage(msg(300), true)]), { maxFrame: 64 }), headers(s, 3, [['grpc-status', '0']], { endStream: true })]) },
    // trailers-only error
    { dir: 0, bytes: concat([headers(c, 5, call('/helloworld.Greeter/Missing')), data(5, grpcMessage(msg(3)), { endStream: true })]) },
    { dir: 1, bytes: headers(s, 5, [...okHead, ['grpc-status', '5'], ['grpc-message', 'no such user: %C3%A9t%C3%A9']], { endStream: true }) },
  ];
  return steps;
}

test('unary, server-streaming and error calls are gRPC items with message counts and grpc-status', (t) => {
  const h = run([], grpcSteps(), { registry, flow: flowOf('tcp', 50051) });
  t.is(h.items.length, 3);
  const [unary, stream, fail] = h.items;
  for (const it of h.items) {
    t.is(it.protocol.abbr, 'gRPC');
    t.is(it.protocol.macro, 'grpc');
    t.is(it.protocol.name, 'http');
  }
  t.deepEqual(unary.request!.grpc, { service: 'helloworld.Greeter', method: 'SayHello', messages: 1, messageSizes: [12], compressed: 0, bytes: 12 });
  t.deepEqual(unary.response!.grpc, { messages: 1, messageSizes: [20], compressed: 0, bytes: 20, status: 0, message: '' });
  t.is(unary.response!.headers['grpc-status'], '0');
  t.deepEqual(unary.response!.trailers, { 'grpc-status': '0', 'grpc-message': '' });
  t.is(unary.request!.postData.encoding, 'base64');
  t.is(Buffer.from(unary.request!.postData.text, 'base64').length, 17);
  t.deepEqual(stream.response!.grpc, { messages: 3, messageSizes: [100, 0, 300], compressed: 1, bytes: 400, status: 0, message: '' });
  t.is(fail.response!.headers['grpc-status'], '5');
  t.is(fail.response!.grpc.status, 5);
  t.is(fail.response!.grpc.message, 'no such user: été');
  t.is(fail.response!.grpc.messages, 0);
  t.is(h.weirds.total, 0, JSON.stringify(h.weirds.toJSON()));
});

test('the same calls in random splits give the same items', (t) => {
  const whole = run([], grpcSteps(), { registry, flow: flowOf('tcp', 50051) }).items.map((i) => [i.request, i.response]);
  const r = rng(11);
  for (let k = 0; k < 10; k++) {
    t.deepEqual(run([], grpcSteps(), { registry, flow: flowOf('tcp', 50051), split: randomSplit(r, 7) }).items.map((i) => [i.request, i.response]), whole);
  }
});

test('GrpcCounter: prefixes and bodies in any split; bad flags and truncation are anomalies', (t) => {
  const w = new Weirds();
  const c = new GrpcCounter((n) => w.add(n));
  const stream = concat([grpcMessage(msg(70000)), grpcMessage(msg(1)), grpcMessage(msg(0), true)]);
  for (let i = 0; i < stream.length; i += 333) c.feed(stream.subarray(i, i + 333));
  c.finish();
  t.deepEqual(c.toJSON(), { messages: 3, messageSizes: [70000, 1, 0], compressed: 1, bytes: 70001 });
  t.is(w.total, 0);
  const bad = new GrpcCounter((n) => w.add(n));
  bad.feed(Uint8Array.of(9, 0, 0, 0, 10, 1, 2));
  bad.finish();
  t.is(w.get('grpc_bad_compressed_flag'), 1);
  t.is(w.get('grpc_truncated_message'), 1);
});

test('content types and method paths', (t) => {
  t.true(isGrpcContentType('application/grpc'));
  t.true(isGrpcContentType('application/grpc+proto'));
  t.true(isGrpcContentType('application/grpc; charset=utf-8'));
  t.false(isGrpcContentType('application/grpc-web'));
  t.false(isGrpcContentType('application/json'));
  t.deepEqual(grpcMethodOf('/pkg.Svc/Do'), ['pkg.Svc', 'Do']);
  t.deepEqual(grpcMethodOf('/nope'), ['', '']);
});
