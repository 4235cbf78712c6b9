/**
 * `detect()` for Kafka, on the client's first bytes: a plausible frame length, a known API
 * key with a version in range, and a client id that is null or printable. A complete
 * header of a key whose body the dissector decodes is certain. Responses alone carry too
 * little to recognise (a length and a correlation id): they score 0.
 */
import { MAX_KNOWN_API_KEY } from './kafka-api-names.ts';
import { kafkaApi } from './kafka-schemas.ts';

const MAX_DETECT_FRAME = 64 * 1024 * 1024;

export function detectKafka(b: Uint8Array, dir: 0 | 1): number {
  if (dir !== 0) return 0;
  if (b.length < 8) return b.length >= 4 && b[0] === 0 ? 0.1 : 0;
  const size = ((b[0] << 24) | (b[1] << 16) | (b[2] << 8) | b[3]) >>> 0;
  if (size < 10 || size > MAX_DETECT_FRAME) return 0;
  const key = (b[4] << 8) | b[5];
  const version = (b[6] << 8) | b[7];
  if (key > MAX_KNOWN_API_KEY || version > 20) return 0;
  const api = kafkaApi(key);
  if (api && version > api.maxVersion) return 0;
  if (b.length < 14) return 0.3;
  const idLen = (b[12] << 8) | b[13];
  if (idLen === 0xffff) return api ? 1 : 0.7;
  if (idLen > size - 10 || idLen > 512) return 0;
  const end = Math.min(b.length, 14 + idLen);
  for (let i = 14; i < end; i++) if (b[i] < 0x20 || b[i] > 0x7e) return 0;
  if (end < 14 + idLen) return 0.6;
  return api ? 1 : 0.7;
}
