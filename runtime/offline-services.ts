/**
 * What `wirehook run` adds to an offline run so scripts find the node services they use
 * live (offline-run.ts options):
 *  - identity (`--identity FILE` or `identity.file`): items get pod/service/node names,
 *    `hub.targeted()` and `pcap.nameResolutionHistory()` answer from the file, and its
 *    timed events are applied when packet time reaches them — pod events call
 *    `onPodEvent` (after the items before them were handed over, so output stays
 *    deterministic);
 *  - a stream store (`storage.streams.enabled`, default on) in a temporary directory, so
 *    `pcap.path` / `pcap.snapshot` work; their pcaps land in the data directory as live.
 * `close()` seals and removes the temporary store.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadOfflineIdentity } from '../capture/enrich/offline-identity.ts';
import type { Enricher, PipelineOptions } from '../capture/pipeline.ts';
import { StreamStore } from '../capture/store/stream-store.ts';
import type { OpServices } from '../helpers/define-op.ts';
import type { WirehookConfig } from './config.ts';
import type { ScriptRuntime } from './script-runtime.ts';

const MB = 1024 * 1024;

export interface OfflineServices {
  enrichers: Enricher[];
  onFlowPacket?: PipelineOptions['onFlowPacket'];
  services: Partial<OpServices>;
  atPacketTime?: (tsMs: number, rt: ScriptRuntime) => Promise<void> | void;
  /** One line per extra, for the operator (stderr). */
  notes: string[];
  close(): Promise<void>;
}

export async function offlineServices(config: WirehookConfig, o: { identityFile?: string } = {}): Promise<OfflineServices> {
  const out: OfflineServices = { enrichers: [], services: {}, notes: [], close: async () => undefined };
  const file = o.identityFile || config.identity.file;
  if (file) {
    const id = await loadOfflineIdentity(file, config.capture.targeting);
    out.enrichers.push(...id.enrichers);
    out.services.nameHistory = id.services.nameHistory;
    out.services.targets = id.services.targets;
    out.notes.push(`identities from ${file}: ${id.counts.Pod} pods, ${id.counts.Service} services, ${id.counts.Node} nodes${id.events ? `, ${id.events} timed events` : ''}`);
    if (id.events > 0) {
      out.atPacketTime = async (t, rt) => {
        const due = id.reach(t);
        for (const e of due) {
          if (e.kind !== 'Pod') continue;
          await rt.dispatcher.idle();
          await rt.dispatcher.invokeHook('onPodEvent', [e.type, e.applied]);
        }
        if (due.length) await rt.dispatcher.idle();
      };
    }
  }
  const cfg = config.storage.streams;
  if (cfg.enabled) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'wirehook-run-streams-'));
    const store = await StreamStore.open({
      dir,
      maxBytes: cfg.maxMb * MB,
      maxAgeMs: cfg.maxAgeMinutes * 60_000,
      segmentBytes: cfg.segmentMb * MB,
      segmentMs: cfg.segmentSeconds * 1000,
      maxPendingBytes: cfg.pendingMb * MB,
    });
    out.onFlowPacket = store.tap;
    out.services.streams = store;
    out.close = async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    };
  }
  return out;
}
