/**
 * The storage feature: the stream store (every flow's packets, behind pcap.*), the
 * DNS-learned name history (until the identity provider installs `services.nameHistory`),
 * the recorder with its spool and the /api/recordings routes, and their metrics.
 *
 *   node.flowPacketTap = store.tap                   pipeline → stream store
 *   node.services.streams / nameHistory / recorder   for pcap.* ops, the dashboard's /api/pcap
 *   node.items → DNS history, recorder               item bus subscribers
 *
 * Nodes that capture (single, worker) get all of it; the hub has no packets, so it gets
 * the routes only (501). On stop the recorder archives open windows before the store closes.
 */
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import { DnsNameHistory } from '../../capture/store/dns-name-history.ts';
import { StreamStore } from '../../capture/store/stream-store.ts';
import { mountRecordings } from '../../web/server/routes/recordings.ts';
import { defineFeature, type Feature } from '../roles/feature.ts';
import type { WirehookNode } from '../roles/node.ts';
import { Recorder } from './recorder.ts';
import { registerStorageMetrics } from './storage-metrics.ts';

declare module '../../helpers/define-op.ts' {
  interface OpServices {
    /** Scheduled recordings of this node (runtime/recorder/recorder.ts). */
    recorder: Recorder;
  }
}

const MB = 1024 * 1024;

export interface StorageFeatureOptions {
  /** Recorder scheduling tick, ms (default 1000; 0 = driven by `services.recorder.tick()`). */
  tickMs?: number;
  /** The recorder's wall clock (default Date.now; tests). */
  now?: () => number;
}

export function storageFeature(o: StorageFeatureOptions = {}): Feature {
  return defineFeature({
    name: 'storage',
    async install(node: WirehookNode) {
      let recorder: Recorder | null = null;
      mountRecordings(node.router, () => recorder);
      if (node.role === 'hub') return;
      const cfg = node.config.storage.streams;
      let store: StreamStore | null = null;
      if (cfg.enabled) {
        const pcaps = path.join(node.dataDir, 'pcaps');
        const s = await StreamStore.open({
          dir: path.join(node.dataDir, 'streams'),
          maxBytes: cfg.maxMb * MB,
          maxAgeMs: cfg.maxAgeMinutes * 60_000,
          segmentBytes: cfg.segmentMb * MB,
          segmentMs: cfg.segmentSeconds * 1000,
          maxPendingBytes: cfg.pendingMb * MB,
          log: node.log,
          onStreamEvicted: (name) => void unlink(path.join(pcaps, name)).catch(() => undefined),
        });
        store = s;
        node.flowPacketTap = s.tap;
        node.services.streams = s;
        node.onStop(() => s.close());
      }
      const dns = new DnsNameHistory();
      node.items.subscribe(dns.observe);
      node.services.nameHistory ??= dns;
      const r = await Recorder.open({
        dataDir: node.dataDir,
        config: node.config,
        node: { name: node.origin.nodeName, ip: node.origin.nodeIp },
        store,
        history: () => node.services.nameHistory,
        log: node.log,
        tickMs: o.tickMs,
        now: o.now,
      });
      recorder = r;
      node.services.recorder = r;
      node.items.subscribe(r.onItem);
      node.onStop(() => r.close());
      registerStorageMetrics(node.metrics, store, r);
    },
  });
}
