/**
 * Synthetic Redis traffic: client connections to a few Redis servers (port 6379), each
 * carrying 1–20 commands — GET/SET with JSON values, INCR, HSET/HGETALL, LPUSH/LRANGE,
 * EXPIRE, cache misses (nil), the odd WRONGTYPE error — some sent as pipelined batches of
 * 2–8 commands in one write. `redisConversation` is one connection (for the demo's mixed
 * traffic); `generateRedisCorpus` interleaves many (benchmarks). Deterministic per seed.
 */
import { clientOf, generateCorpus, type CorpusOptions, type CorpusSummary } from './corpus.ts';
import { type Conversation } from './interleave.ts';
import { TcpConversation, type FrameSink } from './tcp-conversation.ts';

const enc = new TextEncoder();

export function resp(...args: string[]): string {
  let s = `*${args.length}\r\n`;
  for (const a of args) s += `$${Buffer.byteLength(a)}\r\n${a}\r\n`;
  return s;
}

const bulk = (v: string) => `$${Buffer.byteLength(v)}\r\n${v}\r\n`;

/** One command and its reply. */
function exchange(rand: () => number, i: number): [string, string] {
  const id = Math.floor(rand() * 500);
  const r = rand();
  if (r < 0.3) return [resp('GET', `user:${id}`), rand() < 0.2 ? '$-1\r\n' : bulk(`{"id":${id},"name":"user-${id}","plan":"pro"}`)];
  if (r < 0.5) return [resp('SET', `user:${id}`, `{"id":${id},"seen":${i}}`, 'EX', '300'), '+OK\r\n'];
  if (r < 0.6) return [resp('INCR', `counter:${id % 20}`), `:${i + 1}\r\n`];
  if (r < 0.7) return [resp('HSET', `session:${id}`, 'cart', String(i), 'ts', '1700000000'), ':2\r\n'];
  if (r < 0.78) return [resp('HGETALL', `session:${id}`), `*4\r\n${bulk('cart')}${bulk(String(i))}${bulk('ts')}${bulk('1700000000')}`];
  if (r < 0.86) return [resp('LPUSH', `queue:${id % 5}`, `job-${i}`), `:${1 + (i % 9)}\r\n`];
  if (r < 0.93) return [resp('LRANGE', `queue:${id % 5}`, '0', '2'), `*3\r\n${bulk('job-a')}${bulk('job-b')}${bulk('job-c')}`];
  if (r < 0.98) return [resp('EXPIRE', `user:${id}`, '60'), ':1\r\n'];
  return [resp('LPUSH', `user:${id}`, 'x'), '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n'];
}

/**
 * One Redis client connection from `client` to `server`: handshake, commands (singly or
 * pipelined), close. Calls `count(n)` with the exchanges it produced.
 */
export function* redisConversation(
  sink: FrameSink,
  client: { ip: string; port: number },
  server: { ip: string; port: number },
  rand: () => number,
  t0: number,
  count: (n: number) => void,
): Conversation {
  const c = new TcpConversation(sink, { client, server, rttMs: 0.2 });
  let t = c.open(t0);
  const n = 1 + Math.floor(rand() * 20);
  for (let k = 0; k < n; ) {
    yield (t += 0.05 + rand() * 3);
    const batch = rand() < 0.3 ? Math.min(n - k, 2 + Math.floor(rand() * 7)) : 1;
    let reqs = '';
    let reps = '';
    for (let b = 0; b < batch; b++, k++) {
      const [q, a] = exchange(rand, k);
      reqs += q;
      reps += a;
    }
    t = c.send(0, enc.encode(reqs), t);
    yield (t += 0.05 + rand() * 0.4);
    t = c.send(1, enc.encode(reps), t);
  }
  count(n);
  yield (t += 0.1 + rand());
  c.close(t, 0);
}

export function generateRedisCorpus(out: FrameSink, o: CorpusOptions): CorpusSummary {
  return generateCorpus(out, o, (sink, i, rand, t, count) => redisConversation(sink, clientOf(i), { ip: `10.2.0.${1 + (i % 4)}`, port: 6379 }, rand, t, count));
}
