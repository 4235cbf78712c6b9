/**
 * Synthetic AMQP 0-9-1 traffic as a RabbitMQ client library produces it (port 5672): the
 * connection handshake (start/start-ok, tune/tune-ok, open/open-ok, channel open),
 * exchange/queue declare and bind, then either 1–12 publishes (JSON bodies with
 * properties; some large enough to span body frames) or a consumer receiving 1–12
 * deliveries and acking them; channel and connection close. `amqpConversation` is one
 * connection; `generateAmqpCorpus` interleaves many. Deterministic per seed.
 */
import { AMQP_PROTOCOL_HEADER, contentMethod, methodFrame } from '../dissect/protocols/amqp-encode.ts';
import { clientOf, generateCorpus, type CorpusOptions, type CorpusSummary } from './corpus.ts';
import { type Conversation } from './interleave.ts';
import { TcpConversation, type FrameSink } from './tcp-conversation.ts';

const EXCHANGES = ['orders', 'events', 'notifications'];
const FRAME_MAX = 131072;

export function* amqpConversation(
  sink: FrameSink,
  client: { ip: string; port: number },
  server: { ip: string; port: number },
  rand: () => number,
  t0: number,
  count: (n: number) => void,
): Conversation {
  const c = new TcpConversation(sink, { client, server, rttMs: 0.3 });
  let t = c.open(t0);
  let items = 0;
  const step = function* (dir: 0 | 1, bytes: Uint8Array, think = 0.3): Generator<number, void, void> {
    yield (t += 0.05 + rand() * think);
    t = c.send(dir, bytes, t);
  };
  const exchange = EXCHANGES[Math.floor(rand() * EXCHANGES.length)];
  const queue = `${exchange}.q${Math.floor(rand() * 4)}`;
  yield* step(0, AMQP_PROTOCOL_HEADER);
  yield* step(1, methodFrame(0, 'connection start', { versionMajor: 0, versionMinor: 9, serverProperties: { product: 'RabbitMQ', version: '3.12.0', capabilities: { publisher_confirms: true, 'basic.nack': true } }, mechanisms: 'PLAIN AMQPLAIN', locales: 'en_US' }));
  yield* step(0, methodFrame(0, 'connection start-ok', { clientProperties: { product: 'amqplib', version: '0.10.4', platform: 'Node.JS' }, mechanism: 'PLAIN', response: '\0app\0secret', locale: 'en_US' }));
  yield* step(1, methodFrame(0, 'connection tune', { channelMax: 2047, frameMax: FRAME_MAX, heartbeat: 60 }));
  yield* step(0, Buffer.concat([methodFrame(0, 'connection tune-ok', { channelMax: 2047, frameMax: FRAME_MAX, heartbeat: 60 }), methodFrame(0, 'connection open', { virtualHost: '/' })]));
  yield* step(1, methodFrame(0, 'connection open-ok'));
  const rpc = function* (req: Uint8Array, res: Uint8Array): Generator<number, void, void> {
    yield* step(0, req);
    yield* step(1, res);
    items++;
  };
  items += 3;
  yield* rpc(methodFrame(1, 'channel open'), methodFrame(1, 'channel open-ok'));
  yield* rpc(methodFrame(1, 'exchange declare', { exchange, type: 'topic', durable: true }), methodFrame(1, 'exchange declare-ok'));
  yield* rpc(methodFrame(1, 'queue declare', { queue, durable: true, arguments: { 'x-queue-type': 'classic' } }), methodFrame(1, 'queue declare-ok', { queue, messageCount: 0, consumerCount: 0 }));
  yield* rpc(methodFrame(1, 'queue bind', { queue, exchange, routingKey: `${exchange}.#` }), methodFrame(1, 'queue bind-ok'));
  const n = 1 + Math.floor(rand() * 12);
  const body = (i: number) => (rand() < 0.005 ? `{"blob":"${'x'.repeat(150_000)}"}` : `{"id":${i},"at":${Math.floor(t0)}}`);
  if (rand() < 0.5) {
    for (let i = 0; i < n; i++) {
      yield* step(0, contentMethod(1, 'basic publish', { exchange, routingKey: `${exchange}.created` }, body(i), { contentType: 'application/json', deliveryMode: 2, messageId: `m-${i}` }, FRAME_MAX), 2);
      items++;
    }
  } else {
    yield* rpc(methodFrame(1, 'basic qos', { prefetchCount: 10 }), methodFrame(1, 'basic qos-ok'));
    yield* rpc(methodFrame(1, 'basic consume', { queue, consumerTag: '' }), methodFrame(1, 'basic consume-ok', { consumerTag: `amq.ctag-${Math.floor(rand() * 1e6)}` }));
    for (let i = 0; i < n; i++) {
      yield* step(1, contentMethod(1, 'basic deliver', { consumerTag: 'amq.ctag', deliveryTag: i + 1, exchange, routingKey: `${exchange}.created` }, body(i), { contentType: 'application/json' }, FRAME_MAX), 2);
      yield* step(0, methodFrame(1, 'basic ack', { deliveryTag: i + 1 }));
      items += 2;
    }
  }
  yield* rpc(methodFrame(1, 'channel close', { replyCode: 200, replyText: 'OK' }), methodFrame(1, 'channel close-ok'));
  yield* rpc(methodFrame(0, 'connection close', { replyCode: 200, replyText: 'OK' }), methodFrame(0, 'connection close-ok'));
  count(items);
  yield (t += 0.1);
  c.close(t, 0);
}

export function generateAmqpCorpus(out: FrameSink, o: CorpusOptions): CorpusSummary {
  return generateCorpus(out, o, (sink, i, rand, t, count) => amqpConversation(sink, clientOf(i), { ip: `10.4.0.${1 + (i % 2)}`, port: 5672 }, rand, t, count));
}
