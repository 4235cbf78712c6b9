/**
 * A synthetic WebSocket corpus: `connections` connections, each an HTTP/1.1 Upgrade
 * answered by `101 Switching Protocols`, then 2–20 message exchanges (masked client
 * frames, server replies: JSON text, some binary, some fragmented, occasional ping/pong),
 * and a close handshake. Used by the protocols benchmark and the demo. Deterministic for
 * a given seed.
 */
import { concat } from '../dissect/protocols/http2-encode.ts';
import { closePayload, wsFrame } from '../dissect/protocols/websocket-encode.ts';
import { interleave, monotonic, prng, type Conversation } from './interleave.ts';
import { TcpConversation, type FrameSink } from './tcp-conversation.ts';

export interface WebSocketCorpusOptions {
  connections: number;
  seed?: number;
  startMs?: number;
  /** Concurrent connections in the interleaving (default 64). */
  concurrency?: number;
  /** Server port (default 8080). */
  port?: number;
}

export interface WebSocketCorpusSummary {
  connections: number;
  /** WebSocket frames (= WS items) written, both directions. */
  frames: number;
}

const enc = new TextEncoder();
const TOPICS = ['prices', 'orders', 'chat', 'presence'];

export function generateWebSocketCorpus(out: FrameSink, o: WebSocketCorpusOptions): WebSocketCorpusSummary {
  const sink = monotonic(out);
  const rand = prng(o.seed ?? 1);
  const sum: WebSocketCorpusSummary = { connections: 0, frames: 0 };
  const connection = function* (i: number, t0: number): Conversation {
    const client = { ip: `10.4.${(i >> 8) & 255}.${(i & 255) || 1}`, port: 40000 + (i % 20000) };
    const server = { ip: `10.5.0.${1 + (i % 8)}`, port: o.port ?? 8080 };
    const conn = new TcpConversation(sink, { client, server, rttMs: 0.3 });
    const mask = Uint8Array.of(i & 255, 0x5a, (i >> 8) & 255, 0xa5);
    const topic = TOPICS[i % TOPICS.length];
    let t = conn.open(t0);
    t = conn.send(0, enc.encode(
      `GET /ws/${topic} HTTP/1.1\r\nHost: ${server.ip}:${server.port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      `Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`), t);
    yield (t += 0.3);
    t = conn.send(1, enc.encode('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n'), t);
    for (let k = 2 + Math.floor(rand() * 19); k > 0; k--) {
      yield (t += 0.05 + rand() * 3);
      const r = rand();
      if (r < 0.1) {
        t = conn.send(0, wsFrame(9, 'hb', { mask }), t);
        t = conn.send(1, wsFrame(10, 'hb'), t + 0.1);
        sum.frames += 2;
        continue;
      }
      t = conn.send(0, wsFrame(1, `{"op":"subscribe","topic":"${topic}","seq":${k}}`, { mask }), t);
      yield (t += 0.1 + rand());
      if (r < 0.2) {
        const blob = new Uint8Array(200 + Math.floor(rand() * 3000)).fill(k & 255);
        t = conn.send(1, wsFrame(2, blob), t);
        sum.frames += 2;
      } else if (r < 0.3) {
        t = conn.send(1, concat([wsFrame(1, `{"part":1,"topic":"${topic}",`, { fin: false }), wsFrame(0, '"rest":true}')]), t);
        sum.frames += 3;
      } else {
        t = conn.send(1, wsFrame(1, `{"topic":"${topic}","price":${(rand() * 1000).toFixed(2)},"seq":${k}}`), t);
        sum.frames += 2;
      }
    }
    yield (t += 0.1);
    t = conn.send(0, wsFrame(8, closePayload(1000, 'done'), { mask }), t);
    t = conn.send(1, wsFrame(8, closePayload(1000)), t + 0.1);
    sum.frames += 2;
    conn.close(t + 0.1, 1);
  };
  interleave(
    (t) => (sum.connections < o.connections ? connection(sum.connections++, t) : undefined),
    o.startMs ?? Date.UTC(2026, 0, 1),
    { concurrency: o.concurrency ?? 64 },
  );
  return sum;
}
