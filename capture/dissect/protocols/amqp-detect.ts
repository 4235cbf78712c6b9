/**
 * `detect()` for AMQP 0-9-1: the client's protocol header "AMQP" 0 0 9 1 is certain (other
 * versions — AMQP 1.0 — are a different protocol: 0). Without it (capture started late),
 * a method frame with a known class/method, a sane size and its frame-end where the size
 * says scores 0.8 when the sample holds the whole frame, connection.start from the server
 * scores 1.
 */
import { amqpMethod } from './amqp-spec.ts';

const HEADER = [0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1];

export function detectAmqp(b: Uint8Array, dir: 0 | 1): number {
  if (b.length === 0) return 0;
  if (b[0] === 0x41) {
    const n = Math.min(b.length, 8);
    for (let i = 0; i < n; i++) if (b[i] !== HEADER[i]) return 0;
    return n === 8 ? 1 : 0.4;
  }
  if (b[0] !== 1 || b.length < 11) return 0;
  const size = ((b[3] << 24) | (b[4] << 16) | (b[5] << 8) | b[6]) >>> 0;
  if (size < 4 || size > 1 << 20) return 0;
  const classId = (b[7] << 8) | b[8];
  const methodId = (b[9] << 8) | b[10];
  if (amqpMethod(classId, methodId) === undefined) return 0;
  if (dir === 1 && classId === 10 && methodId === 10 && b[1] === 0 && b[2] === 0) return 1;
  if (b.length >= size + 8) return b[size + 7] === 0xce ? 0.8 : 0;
  return 0.5;
}
