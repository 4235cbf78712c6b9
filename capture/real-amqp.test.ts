/**
 * AMQP 0-9-1 end to end on real traffic: amqplib against a real RabbitMQ broker (Debian
 * rabbitmq-server, started here with its own ports and directories). Declares, binds,
 * publishes (with properties, and a 300 KB body split across frames and segments),
 * consumes and acks, publisher confirms, basic.get, and a refused passive declare.
 * tcpdump captures; our items are compared with tshark's AMQP decoding of the same file.
 */
import test from 'ava';
import amqplib from 'amqplib';
import { join } from 'node:path';
import type { Item } from './item.ts';
import { amqpMethods } from './dissect/protocols/amqp-spec.ts';
import { dissectFile } from './testing/dissect-file.ts';
import { tempDir, tsharkRows } from './testing/pcap-fixtures.ts';
import { startRabbitmq } from './testing/servers-amqp.ts';
import { startCapture } from './testing/tcpdump.ts';

const PORT = 17430;
const BIG = Buffer.alloc(300_000, 0x7a);

let items: Item[] = [];
let file = '';
let startMs = 0;
let cleanup: () => Promise<void>;

async function traffic(): Promise<void> {
  const conn = await amqplib.connect(`amqp://guest:guest@127.0.0.1:${PORT}`);
  const ch = await conn.createChannel();
  await ch.assertExchange('orders', 'topic', { durable: false });
  await ch.assertQueue('q-orders', { durable: false, arguments: { 'x-max-length': 100 } });
  await ch.bindQueue('q-orders', 'orders', 'order.*');
  await ch.prefetch(5);
  const got = new Promise<void>((resolve) => {
    let n = 0;
    void ch.consume('q-orders', (m) => {
      if (!m) return;
      ch.ack(m);
      if (++n === 2) resolve();
    }, { consumerTag: 'wh-consumer' });
  });
  ch.publish('orders', 'order.created', Buffer.from('{"id":1}'), { contentType: 'application/json', headers: { tenant: 'acme' }, messageId: 'm-1', deliveryMode: 2 });
  ch.publish('orders', 'order.big', BIG, { contentType: 'application/octet-stream' });
  await got;
  await ch.cancel('wh-consumer');
  const confirm = await conn.createConfirmChannel();
  await new Promise<void>((resolve, reject) => confirm.sendToQueue('q-orders', Buffer.from('confirmed'), {}, (err) => (err ? reject(err) : resolve())));
  const msg = await confirm.get('q-orders', { noAck: true });
  if (!msg || msg.content.toString() !== 'confirmed') throw new Error('basic.get did not return the confirmed message');
  const bad = await conn.createChannel();
  bad.on('error', () => undefined);
  await bad.checkQueue('no-such-queue').catch(() => undefined);
  await conn.close();
}

test.before(async () => {
  const tmp = await tempDir('wh-real-amqp-');
  cleanup = tmp.cleanup;
  file = join(tmp.dir, 'amqp.pcap');
  const broker = await startRabbitmq({ amqp: PORT, dist: PORT + 1, epmd: PORT + 2 }, 25_000);
  startMs = broker.startMs;
  const cap = await startCapture(file, `tcp port ${PORT}`);
  try {
    await traffic();
  } finally {
    await cap.stop();
    await broker.stop();
  }
  items = (await dissectFile(file)).items;
});

test.after.always(async () => {
  if (!process.env.KEEP) await cleanup?.();
});

test('rabbitmq-server started within the budget', (t) => {
  t.log(`rabbitmq-server start: ${startMs} ms`);
  t.true(startMs < 25_000);
});

test('every method frame tshark decodes is in our items: same channel, class and method', async (t) => {
  const rows = await tsharkRows(file, ['amqp.channel', 'amqp.type', 'amqp.method.class', 'amqp.method.method'], ['-d', `tcp.port==${PORT},amqp`, '-Y', 'amqp.type == 1']);
  const theirs: string[] = [];
  for (const [chs, types, classes, methods] of rows) {
    const ch = chs.split(','), ty = types.split(','), cl = classes.split(','), me = methods.split(',');
    // amqp.channel/type list every frame of the packet; class/method only the method frames.
    let m = 0;
    for (let i = 0; i < ty.length; i++) if (ty[i] === '1') theirs.push(`${ch[i]} ${cl[m]}.${me[m++]}`);
  }
  const ids = new Map([...amqpMethods()].map((m) => [m.name, `${m.classId}.${m.methodId}`]));
  const ours = items.flatMap((i) => [i.request, i.response]).filter((m) => m !== null).map((m) => `${m!.channel} ${ids.get(m!.method)}`);
  t.true(theirs.length >= 30, `tshark decoded ${theirs.length} methods`);
  t.deepEqual(ours.sort(), theirs.sort());
});

test('declare/bind/consume pair with their -ok replies; the broker start/tune pair with the client answers', (t) => {
  const pairs = items.filter((i) => i.request && i.response).map((i) => `${i.request!.method} → ${i.response!.method}`);
  for (const p of ['connection start → connection start-ok', 'connection tune → connection tune-ok', 'connection open → connection open-ok', 'exchange declare → exchange declare-ok', 'queue declare → queue declare-ok', 'queue bind → queue bind-ok', 'basic qos → basic qos-ok', 'basic consume → basic consume-ok', 'basic cancel → basic cancel-ok', 'confirm select → confirm select-ok', 'basic get → basic get-ok', 'queue declare → channel close', 'connection close → connection close-ok']) {
    t.true(pairs.includes(p), p);
  }
  const declare = items.find((i) => i.request?.method === 'queue declare' && i.request.queue === 'q-orders')!;
  t.like(declare.request, { durable: false, arguments: { 'x-max-length': 100 } });
  t.like(declare.response, { queue: 'q-orders', consumerCount: 0 });
  t.like(items.find((i) => i.response?.method === 'channel close')!.response, { replyCode: 404 });
});

test('publish and deliver carry routing, properties and body; the 300 KB body is counted whole', async (t) => {
  const pub = items.filter((i) => i.request?.method === 'basic publish');
  t.deepEqual(pub.map((p) => p.request!.routingKey), ['order.created', 'order.big', 'q-orders']);
  t.like(pub[0].request, { exchange: 'orders', bodySize: 8, properties: { contentType: 'application/json', headers: { tenant: 'acme' }, messageId: 'm-1', deliveryMode: 2 } });
  t.is(Buffer.from(pub[0].request!.body, 'base64').toString(), '{"id":1}');
  t.is(pub[1].request!.bodySize, BIG.length);
  const deliver = items.filter((i) => i.request?.method === 'basic deliver');
  t.deepEqual(deliver.map((d) => [d.request!.consumerTag, d.request!.routingKey, d.request!.bodySize]), [['wh-consumer', 'order.created', 8], ['wh-consumer', 'order.big', BIG.length]]);
  const rows = await tsharkRows(file, ['frame.number', 'amqp.header.body-size'], ['-d', `tcp.port==${PORT},amqp`, '-Y', 'amqp.type == 2']);
  const sizes = items.flatMap((i) => [i.request?.bodySize, i.response?.bodySize]).filter((n) => n !== undefined);
  t.deepEqual(sizes.sort(), rows.flatMap((r) => r[1].split(',').map(Number)).sort());
  t.is(items.filter((i) => i.request?.method === 'basic ack').length, 3, 'two consumer acks and one publisher confirm');
});
