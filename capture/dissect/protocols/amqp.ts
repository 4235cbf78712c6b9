/**
 * AMQP 0-9-1 dissector (RabbitMQ's protocol): TCP, synchronous methods paired per channel
 * ('key'), asynchronous ones as items of their own. Fields: amqp-fields.ts; items and
 * pairing: amqp-parser.ts. `amqp` is the built-in descriptor; `createAmqpDissector`
 * builds one with other limits (same id).
 */
import type { ProtocolInfo } from '../../item.ts';
import { defineDissector, type DissectorDescriptor } from '../descriptor.ts';
import { detectAmqp } from './amqp-detect.ts';
import { AmqpParser } from './amqp-parser.ts';

export const AMQP_PROTOCOL: ProtocolInfo = Object.freeze({
  name: 'amqp',
  version: '0-9-1',
  abbr: 'AMQP',
  longName: 'Advanced Message Queuing Protocol 0-9-1',
  macro: 'amqp',
  backgroundColor: '#ff6600',
  foregroundColor: '#ffffff',
  fontSize: 12,
  referenceLink: 'https://www.rabbitmq.com/amqp-0-9-1-reference.html',
  ports: Object.freeze(['5671', '5672']) as string[],
  layer4: 'tcp',
  priority: 1,
});

export interface AmqpOptions {
  /** Message body bytes kept (base64 in `body`); `bodySize` still counts all. Default 64 KiB. */
  bodyCap?: number;
  /** Largest frame payload before the flow is judged not AMQP. Default 16 MiB. */
  maxFrame?: number;
}

export function createAmqpDissector(o: AmqpOptions = {}): DissectorDescriptor {
  const lim = { bodyCap: o.bodyCap ?? 64 * 1024, maxFrame: o.maxFrame ?? 16 * 1024 * 1024 };
  return defineDissector({
    id: 'amqp',
    protocol: AMQP_PROTOCOL,
    transport: 'tcp',
    // 5671 is AMQP over TLS: the TLS dissector's detect wins there.
    ports: [5672],
    pairing: 'key',
    detect: (bytes, dir) => detectAmqp(bytes, dir),
    createParser: (ctx) => new AmqpParser(ctx, lim),
  });
}

export const amqp = createAmqpDissector();
