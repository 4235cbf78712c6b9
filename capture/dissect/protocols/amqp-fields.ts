/**
 * AMQP 0-9-1 item fields: method arguments and content-header properties.
 *
 * A method's fields are its arguments (amqp-spec.ts names; reserved ones omitted) plus
 * `method` ("basic publish", "queue declare-ok" ...) and `channel`. Content-carrying methods
 * (basic publish, deliver, return, get-ok) also get, once their content is complete:
 *   properties: { contentType, contentEncoding, headers, deliveryMode, priority,
 *                 correlationId, replyTo, expiration, messageId, timestamp, type, userId,
 *                 appId, clusterId }   (only the properties present)
 *   body: string      // base64 of the first `bodyCap` bytes (Kubeshark sends bytes as base64)
 *   bodySize: number  // declared body size
 */
import type { AmqpMethod } from './amqp-spec.ts';
import { AReader } from './amqp-reader.ts';

/** Decode `m`'s arguments from `r`; `bad` is set on the reader when they do not fit. */
export function methodFields(r: AReader, m: AmqpMethod, channel: number): Record<string, unknown> {
  const out: Record<string, unknown> = { method: m.name, channel };
  let bits = 0;
  let bit = 8;
  for (const [name, type] of m.args) {
    let v: unknown;
    if (type === 'b') {
      if (bit === 8) {
        bits = r.u8();
        bit = 0;
      }
      v = (bits & (1 << bit++)) !== 0;
    } else {
      bit = 8;
      switch (type) {
        case 'o':
          v = r.u8();
          break;
        case 's':
          v = r.u16();
          break;
        case 'l':
          v = r.u32();
          break;
        case 'L':
          v = r.u64();
          break;
        case 'S':
          v = r.shortstr();
          break;
        case 'T':
          v = r.longstr();
          break;
        case 'F':
          v = r.table();
          break;
      }
    }
    if (r.bad) break;
    if (name !== 'reserved') out[name] = v;
  }
  return out;
}

// Basic-class property flags, bit 15 first.
const PROPS: [name: string, type: 'S' | 'F' | 'o' | 'L'][] = [
  ['contentType', 'S'], ['contentEncoding', 'S'], ['headers', 'F'], ['deliveryMode', 'o'], ['priority', 'o'], ['correlationId', 'S'],
  ['replyTo', 'S'], ['expiration', 'S'], ['messageId', 'S'], ['timestamp', 'L'], ['type', 'S'], ['userId', 'S'], ['appId', 'S'], ['clusterId', 'S'],
];

export interface ContentHeader {
  classId: number;
  bodySize: number;
  properties: Record<string, unknown>;
}

/** Decode a content-header frame payload. */
export function contentHeader(r: AReader): ContentHeader {
  const classId = r.u16();
  r.u16(); // weight
  const bodySize = r.u64();
  const flags = r.u16();
  // Flag words chain through bit 0; only the first carries the basic properties.
  for (let more = flags & 1, n = 0; more && !r.bad && n < 8; n++) more = r.u16() & 1;
  const properties: Record<string, unknown> = {};
  for (let i = 0; i < PROPS.length && !r.bad; i++) {
    if ((flags & (1 << (15 - i))) === 0) continue;
    const [name, type] = PROPS[i];
    properties[name] = type === 'S' ? r.shortstr() : type === 'F' ? r.table() : type === 'o' ? r.u8() : r.u64();
  }
  return { classId, bodySize, properties };
}
