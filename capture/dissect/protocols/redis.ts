/**
 * Redis (RESP2 and RESP3) dissector: TCP, FIFO pairing of commands and replies (RESP
 * pipelining). Item fields are documented in redis-fields.ts; the parser (pub/sub, pushes,
 * gaps) in redis-parser.ts. `redis` is the built-in descriptor; `createRedisDissector`
 * builds one with other limits (same id).
 */
import type { ProtocolInfo } from '../../item.ts';
import { defineDissector, type DissectorDescriptor } from '../descriptor.ts';
import { detectRedis } from './redis-detect.ts';
import { RedisParser } from './redis-parser.ts';
import type { RespLimits } from './redis-reader.ts';

export const REDIS_PROTOCOL: ProtocolInfo = Object.freeze({
  name: 'redis',
  version: '3.x',
  abbr: 'REDIS',
  longName: 'Redis Serialization Protocol',
  macro: 'redis',
  backgroundColor: '#a41e11',
  foregroundColor: '#ffffff',
  fontSize: 11,
  referenceLink: 'https://redis.io/topics/protocol',
  ports: Object.freeze(['6379']) as string[],
  layer4: 'tcp',
  priority: 3,
});

export interface RedisOptions {
  /** Bytes kept of each bulk string (the rest is counted in the size only). Default 256 KiB. */
  bulkCap?: number;
  /** Longest simple-string/error/inline line; beyond it the flow is violated. Default 64 KiB. */
  lineCap?: number;
  /** Elements kept per array/map/set (the rest are read, not kept). Default 1024. */
  keepItems?: number;
  /** Deepest aggregate nesting before the flow is violated. Default 32. */
  maxDepth?: number;
}

export function createRedisDissector(o: RedisOptions = {}): DissectorDescriptor {
  const lim: RespLimits = {
    bulkCap: o.bulkCap ?? 256 * 1024,
    lineCap: o.lineCap ?? 64 * 1024,
    keepItems: o.keepItems ?? 1024,
    maxDepth: o.maxDepth ?? 32,
  };
  return defineDissector({
    id: 'redis',
    protocol: REDIS_PROTOCOL,
    transport: 'tcp',
    ports: [6379, 6380, 26379],
    pairing: 'fifo',
    detect: (bytes, dir) => detectRedis(bytes, dir),
    createParser: (ctx) => new RedisParser(ctx, lim),
  });
}

export const redis = createRedisDissector();
