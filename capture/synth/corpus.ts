/**
 * The common shape of the synthesized corpora: `connections` conversations (one client
 * each), interleaved in time order, deterministic for a seed. Each protocol file supplies
 * how one conversation of client `i` starts (`start`) and counts its exchanges.
 */
import { interleave, monotonic, prng, type Conversation } from './interleave.ts';
import type { FrameSink } from './tcp-conversation.ts';

export interface CorpusOptions {
  connections: number;
  seed?: number;
  startMs?: number;
  /** Concurrent conversations in the interleaving (default 64). */
  concurrency?: number;
  /** Index of the first conversation (client addresses derive from it; default 0). */
  firstClient?: number;
}

export interface CorpusSummary {
  connections: number;
  exchanges: number;
}

/** Adds `n` exchanges to the corpus summary. */
export type ExchangeCounter = (n: number) => void;

export type StartConversation = (sink: FrameSink, i: number, rand: () => number, t: number, count: ExchangeCounter) => Conversation;

/** Client address of conversation `i`: 10.0.x.y, ports from `basePort` on. */
export function clientOf(i: number, basePort = 30000): { ip: string; port: number } {
  return { ip: `10.0.${(i >> 8) & 255}.${(i & 255) || 1}`, port: basePort + (i % 30000) };
}

export function generateCorpus(out: FrameSink, o: CorpusOptions, start: StartConversation): CorpusSummary {
  const sink = monotonic(out);
  const rand = prng(o.seed ?? 1);
  const first = o.firstClient ?? 0;
  let started = 0;
  let exchanges = 0;
  const count: ExchangeCounter = (n) => void (exchanges += n);
  interleave(
    (t) => (started < o.connections ? start(sink, first + started++, rand, t, count) : undefined),
    o.startMs ?? Date.UTC(2026, 0, 1),
    { concurrency: o.concurrency ?? 64 },
  );
  return { connections: started, exchanges };
}
