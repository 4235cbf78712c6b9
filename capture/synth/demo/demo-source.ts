/**
 * The demo as a live packet source (`wirehook start` with no source option, `--demo`):
 * the demo cluster's traffic generated on wall-clock time — every `tickMs` the generator
 * emits what is due by now — and pushed into the node's pipeline, with the cluster events
 * (pod restarts) handed to `onEvent` at their time, in order with the packets around them.
 * Runs until the node stops it. Needs no privileges, network or cluster.
 */
import type { PacketSource } from '../../../runtime/roles/packet-source.ts';
import { LinkType } from '../../source/link-types.ts';
import type { RawPacket } from '../../source/raw-packet.ts';
import { DemoTraffic, type ClusterEvent } from './demo-traffic.ts';

export interface DemoSourceOptions {
  seed?: number;
  /** Shopper requests per second (default 10). */
  rate?: number;
  /** Generation step, ms of wall time (default 100). */
  tickMs?: number;
  /** Wall clock (default Date.now). */
  now?: () => number;
  /** Cluster events (pod restarts), at their time. */
  onEvent?: (e: ClusterEvent) => void;
}

export function demoSource(o: DemoSourceOptions = {}): PacketSource {
  const now = o.now ?? Date.now;
  const tick = o.tickMs ?? 100;
  return {
    name: 'demo',
    async run(push, signal) {
      const demo = new DemoTraffic(
        {
          frame(t, data) {
            const sec = Math.floor(t / 1000);
            const raw: RawPacket = { linkType: LinkType.ETHERNET, tsSec: sec, tsNsec: Math.min(999_999_999, Math.round((t - sec * 1000) * 1e6)), origLen: data.length, data, interfaceId: 0 };
            push(raw);
          },
        },
        { seed: o.seed, rate: o.rate, startMs: now(), onEvent: o.onEvent },
      );
      while (!signal.aborted) {
        demo.runUntil(now());
        await new Promise<void>((resolve) => {
          const stop = (): void => {
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(() => {
            signal.removeEventListener('abort', stop);
            resolve();
          }, tick);
          signal.addEventListener('abort', stop, { once: true });
        });
      }
    },
  };
}
