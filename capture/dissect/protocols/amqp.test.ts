import test from 'ava';
import { byteByByte, flowOf, run } from '../testing/flow-fixture.ts';
import type { Step } from '../testing/flow-fixture.ts';
import { detectAmqp } from './amqp-detect.ts';
import { AMQP_PROTOCOL_HEADER, contentMethod, HEARTBEAT_FRAME, methodFrame } from './amqp-encode.ts';
import { amqp, createAmqpDissector } from './amqp.ts';
import { rawTcp } from './raw-tcp.ts';

const flow = flowOf('tcp', 5672);
const cat = (...b: Uint8Array[]) => Buffer.concat(b);

function dissect(steps: Step[], split?: (n: number) => number[]) {
  const h = run([amqp, rawTcp], steps, { flow, split, registryOptions: { fallback: { tcp: 'tcp' } } });
  return { items: h.items, weirds: h.weirds.toJSON() };
}

const handshake: Step[] = [
  { dir: 0, bytes: AMQP_PROTOCOL_HEADER },
  { dir: 1, bytes: methodFrame(0, 'connection start', { versionMajor: 0, versionMinor: 9, serverProperties: { product: 'RabbitMQ', capabilities: { publisher_confirms: true } }, mechanisms: 'PLAIN AMQPLAIN', locales: 'en_US' }) },
  { dir: 0, bytes: methodFrame(0, 'connection start-ok', { clientProperties: { product: 'amqplib' }, mechanism: 'PLAIN', response: '\0guest\0guest', locale: 'en_US' }) },
  { dir: 1, bytes: methodFrame(0, 'connection tune', { channelMax: 2047, frameMax: 131072, heartbeat: 60 }) },
  { dir: 0, bytes: cat(methodFrame(0, 'connection tune-ok', { channelMax: 2047, frameMax: 131072, heartbeat: 60 }), methodFrame(0, 'connection open', { virtualHost: '/' })) },
  { dir: 1, bytes: methodFrame(0, 'connection open-ok') },
  { dir: 0, bytes: methodFrame(1, 'channel open') },
  { dir: 1, bytes: methodFrame(1, 'channel open-ok') },
];

test('connection handshake: server-initiated start/tune pair with the client answers', (t) => {
  const { items, weirds } = dissect(handshake);
  t.deepEqual(weirds, {});
  t.deepEqual(items.map((i) => [i.request!.method, i.response!.method]), [
    ['connection start', 'connection start-ok'],
    ['connection tune', 'connection tune-ok'],
    ['connection open', 'connection open-ok'],
    ['channel open', 'channel open-ok'],
  ]);
  t.like(items[0].request, { versionMajor: 0, versionMinor: 9, mechanisms: 'PLAIN AMQPLAIN', serverProperties: { product: 'RabbitMQ', capabilities: { publisher_confirms: true } }, channel: 0 });
  t.is(items[1].request!.heartbeat, 60);
  t.is(items[2].request!.virtualHost, '/');
  t.like(items[0].protocol, { name: 'amqp', version: '0-9-1', abbr: 'AMQP', macro: 'amqp', backgroundColor: '#ff6600', fontSize: 12, priority: 1 });
  t.deepEqual(items[0].protocol.ports, ['5671', '5672']);
});

test('declare/bind/consume pair with their -ok; publish and deliver carry properties and body', (t) => {
  const steps: Step[] = [
    ...handshake,
    { dir: 0, bytes: methodFrame(1, 'exchange declare', { exchange: 'orders', type: 'topic', durable: true, arguments: {} }) },
    { dir: 1, bytes: methodFrame(1, 'exchange declare-ok') },
    { dir: 0, bytes: methodFrame(1, 'queue declare', { queue: 'q1', durable: true, autoDelete: false, arguments: { 'x-max-length': 1000 } }) },
    { dir: 1, bytes: methodFrame(1, 'queue declare-ok', { queue: 'q1', messageCount: 3, consumerCount: 0 }) },
    { dir: 0, bytes: methodFrame(1, 'queue bind', { queue: 'q1', exchange: 'orders', routingKey: 'order.*' }) },
    { dir: 1, bytes: cat(methodFrame(1, 'queue bind-ok'), HEARTBEAT_FRAME) },
    { dir: 0, bytes: contentMethod(1, 'basic publish', { exchange: 'orders', routingKey: 'order.created', mandatory: true }, '{"id":1}', { contentType: 'application/json', deliveryMode: 2, headers: { tenant: 'a' }, messageId: 'm-1' }) },
    { dir: 0, bytes: methodFrame(1, 'basic consume', { queue: 'q1', consumerTag: '', noAck: false }) },
    { dir: 1, bytes: methodFrame(1, 'basic consume-ok', { consumerTag: 'amq.ctag-1' }) },
    { dir: 1, bytes: contentMethod(1, 'basic deliver', { consumerTag: 'amq.ctag-1', deliveryTag: 1, redelivered: false, exchange: 'orders', routingKey: 'order.created' }, '{"id":1}', { contentType: 'application/json' }) },
    { dir: 0, bytes: methodFrame(1, 'basic ack', { deliveryTag: 1, multiple: false }) },
  ];
  for (const split of [undefined, byteByByte]) {
    const { items, weirds } = dissect(steps, split);
    t.deepEqual(weirds, {});
    const rest = items.slice(4);
    t.deepEqual(rest.map((i) => [i.request?.method ?? null, i.response?.method ?? null]), [
      ['exchange declare', 'exchange declare-ok'],
      ['queue declare', 'queue declare-ok'],
      ['queue bind', 'queue bind-ok'],
      ['basic publish', null],
      ['basic consume', 'basic consume-ok'],
      ['basic deliver', null],
      ['basic ack', null],
    ]);
    t.like(rest[0].request, { exchange: 'orders', type: 'topic', durable: true, autoDelete: false, internal: false, noWait: false, passive: false });
    t.deepEqual(rest[1].request!.arguments, { 'x-max-length': 1000 });
    t.like(rest[1].response, { queue: 'q1', messageCount: 3, consumerCount: 0 });
    const pub = rest[3].request!;
    t.like(pub, { exchange: 'orders', routingKey: 'order.created', mandatory: true, immediate: false, bodySize: 8 });
    t.is(Buffer.from(pub.body, 'base64').toString(), '{"id":1}');
    t.deepEqual(pub.properties, { contentType: 'application/json', headers: { tenant: 'a' }, deliveryMode: 2, messageId: 'm-1' });
    t.like(rest[5].request, { consumerTag: 'amq.ctag-1', deliveryTag: 1, redelivered: false, routingKey: 'order.created' });
    t.is(rest[3].requestSize, contentMethod(1, 'basic publish', { exchange: 'orders', routingKey: 'order.created', mandatory: true }, '{"id":1}', { contentType: 'application/json', deliveryMode: 2, headers: { tenant: 'a' }, messageId: 'm-1' }).length);
  }
});

test('a large body across frames and segments is counted whole and kept up to the cap', (t) => {
  const body = Buffer.alloc(300_000, 0x61);
  const msg = contentMethod(1, 'basic publish', { exchange: '', routingKey: 'q' }, body, {}, 4096);
  const { items } = dissect([...handshake, { dir: 0, bytes: msg }]);
  const pub = items.at(-1)!.request!;
  t.is(pub.bodySize, 300_000);
  t.is(Buffer.from(pub.body, 'base64').length, 64 * 1024);
  t.is(items.at(-1)!.requestSize, msg.length);
  const small = run([createAmqpDissector({ bodyCap: 10 })], [...handshake, { dir: 0, bytes: msg }], { flow });
  t.is(Buffer.from(small.items.at(-1)!.request!.body, 'base64').length, 10);
});

test('a channel.close from the broker answers the pending request; its close-ok stands alone', (t) => {
  const { items } = dissect([
    ...handshake,
    { dir: 0, bytes: methodFrame(1, 'queue declare', { queue: 'missing', passive: true }) },
    { dir: 1, bytes: methodFrame(1, 'channel close', { replyCode: 404, replyText: "NOT_FOUND - no queue 'missing'", classId: 50, methodId: 10 }) },
    { dir: 0, bytes: methodFrame(1, 'channel close-ok') },
    { dir: 0, bytes: methodFrame(0, 'connection close', { replyCode: 200, replyText: 'Goodbye' }) },
    { dir: 1, bytes: methodFrame(0, 'connection close-ok') },
  ]);
  const rest = items.slice(4);
  t.deepEqual(rest.map((i) => [i.request?.method ?? null, i.response?.method ?? null]), [
    ['queue declare', 'channel close'],
    [null, 'channel close-ok'],
    ['connection close', 'connection close-ok'],
  ]);
  t.like(rest[0].response, { replyCode: 404, classId: 50, methodId: 10 });
});

test('no-wait requests are items of their own', (t) => {
  const { items } = dissect([...handshake, { dir: 0, bytes: methodFrame(1, 'queue declare', { queue: 'fast', noWait: true }) }, { dir: 0, bytes: methodFrame(1, 'basic qos', { prefetchCount: 10 }) }, { dir: 1, bytes: methodFrame(1, 'basic qos-ok') }]);
  const rest = items.slice(4);
  t.deepEqual(rest.map((i) => [i.request?.method, i.response?.method ?? null]), [['queue declare', null], ['basic qos', 'basic qos-ok']]);
});

test('AMQP 1.0 and broken framing are violations; truncated content is flushed with an error', (t) => {
  const v10 = dissect([{ dir: 0, bytes: Uint8Array.from([0x41, 0x4d, 0x51, 0x50, 0, 1, 0, 0]) }]);
  t.deepEqual(v10.items.map((i) => i.protocol.name), ['tcp'], 'AMQP 1.0 is another protocol: raw TCP');
  const bad = dissect([...handshake, { dir: 0, bytes: Uint8Array.from([1, 0, 1, 0, 0, 0, 4, 0, 60, 0, 40, 0x00]) }, { dir: 0, bytes: 'x' }]);
  t.is(bad.weirds.amqp_bad_frame_end, 1);
  t.is(bad.items.at(-1)!.protocol.name, 'tcp');
  const cut = contentMethod(1, 'basic publish', { routingKey: 'q' }, 'hello world');
  const tr = dissect([...handshake, { dir: 0, bytes: cut.subarray(0, cut.length - 5) }]);
  t.is(tr.weirds.amqp_truncated, 1);
  t.like(tr.items.at(-1)!.error, { type: 'dissection' });
});

test('detect: protocol header certain; frames without it likely', (t) => {
  t.is(detectAmqp(AMQP_PROTOCOL_HEADER, 0), 1);
  t.is(detectAmqp(AMQP_PROTOCOL_HEADER.subarray(0, 3), 0), 0.4);
  t.is(detectAmqp(Uint8Array.from([0x41, 0x4d, 0x51, 0x50, 3, 1, 0, 0]), 0), 0);
  t.is(detectAmqp(methodFrame(0, 'connection start', { locales: 'en_US' }), 1), 1);
  t.is(detectAmqp(methodFrame(1, 'basic ack', { deliveryTag: 5 }), 0), 0.8);
  t.is(detectAmqp(Buffer.from('GET / HTTP/1.1\r\n'), 0), 0);
});
