/**
 * A paced, endless packet source of synthesized HTTP/1.1 traffic on wall-clock time:
 * every tick, a batch of connections (http-corpus.ts) stamped "now". Stands in as the
 * embedded default until the demo cluster generator replaces it.
 */
import type { RawPacket } from '../source/raw-packet.ts';
import { LinkType } from '../source/link-types.ts';
import { generateHttpCorpus } from './http-corpus.ts';

export interface LiveHttpOptions {
  /** Connections per second (default 20). */
  rate?: number;
  seed?: number;
  now?: () => number;
}

export async function runLiveHttp(push: (raw: RawPacket) => void, signal: AbortSignal, o: LiveHttpOptions = {}): Promise<void> {
  const rate = o.rate ?? 20;
  const now = o.now ?? Date.now;
  let seed = o.seed ?? 1;
  // Each batch takes fresh client addresses: reusing a closed connection's 4-tuple with the
  // same ISN would read as a retransmission, not a new connection.
  let firstClient = 0;
  while (!signal.aborted) {
    const t0 = now();
    generateHttpCorpus(
      {
        frame(t, data) {
          const sec = Math.floor(t / 1000);
          push({ linkType: LinkType.ETHERNET, tsSec: sec, tsNsec: Math.round((t - sec * 1000) * 1e6), origLen: data.length, data, interfaceId: 0 });
        },
      },
      { connections: rate, seed: seed++, startMs: t0, concurrency: 8, firstClient },
    );
    firstClient = (firstClient + rate) % 60000;
    const wait = Math.max(0, 1000 - (now() - t0));
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, wait);
      signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
    });
  }
}
