/**
 * Kafka dissector: TCP, requests and responses paired by correlation id ('key'). Field
 * shapes are documented in kafka-parser.ts (item level), kafka-schemas.ts (payloads) and
 * kafka-records.ts (record summaries). `kafka` is the built-in descriptor;
 * `createKafkaDissector` builds one with other limits (same id).
 */
import type { ProtocolInfo } from '../../item.ts';
import { defineDissector, type DissectorDescriptor } from '../descriptor.ts';
import { detectKafka } from './kafka-detect.ts';
import { KafkaParser } from './kafka-parser.ts';

export const KAFKA_PROTOCOL: ProtocolInfo = Object.freeze({
  name: 'kafka',
  version: '12',
  abbr: 'KAFKA',
  longName: 'Apache Kafka Protocol',
  macro: 'kafka',
  backgroundColor: '#000000',
  foregroundColor: '#ffffff',
  fontSize: 11,
  referenceLink: 'https://kafka.apache.org/protocol',
  ports: Object.freeze(['9092']) as string[],
  layer4: 'tcp',
  priority: 2,
});

export interface KafkaOptions {
  /** Bytes of one frame kept for decoding (the rest is skipped; payload `truncated`). Default 4 MiB. */
  keepCap?: number;
  /** Largest frame length accepted before the flow is judged not Kafka. Default 256 MiB. */
  maxFrame?: number;
}

export function createKafkaDissector(o: KafkaOptions = {}): DissectorDescriptor {
  const lim = { keepCap: o.keepCap ?? 4 * 1024 * 1024, maxFrame: o.maxFrame ?? 256 * 1024 * 1024, minFrame: 4 };
  return defineDissector({
    id: 'kafka',
    protocol: KAFKA_PROTOCOL,
    transport: 'tcp',
    ports: [9092, 9093, 29092],
    pairing: 'key',
    detect: (bytes, dir) => detectKafka(bytes, dir),
    createParser: (ctx) => new KafkaParser(ctx, lim),
  });
}

export const kafka = createKafkaDissector();
