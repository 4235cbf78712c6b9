/**
 * The worker role's link to its hub (DESIGN.md §1). Installed on a 'worker' node, it
 *  - queues every item (after enrichment) and every L4 flow sample for the hub, serialised
 *    once here (uplink.ts: batched, back-pressured, bounded with counted drops, reconnecting);
 *  - forwards every script console line, so the hub's console shows all nodes;
 *  - routes `hub.action` to the hub's onHubAction (the runtime's hub link), instead of
 *    delivering it locally;
 *  - applies what the hub pushes: its active scripts and env (script-mirror.ts) and its
 *    identity tables (`node.services.clusterIdentity.apply`, identity-link.ts);
 *  - reports stats (sources, packets, script states, drops) every STATS_MS and on connect;
 *  - exports `wirehook_uplink_*` metrics on the node's registry.
 * It connects once the node listens (scripts are loaded by then) and flushes at stop.
 */
import type { JsonValue } from '../../helpers/define-op.ts';
import type { MemoryStore } from '../../scripts/memory-store.ts';
import { defineFeature, type Feature } from '../roles/feature.ts';
import type { WirehookNode } from '../roles/node.ts';
import { registerUplinkMetrics } from './cluster-metrics.ts';
import { WIREHOOK_VERSION, clusterUrl, type HubMessage, type WorkerStats } from './protocol.ts';
import { provideClusterIdentity } from './identity-sync.ts';
import { ScriptMirror } from './script-mirror.ts';
import { HubUplink } from './uplink.ts';
import { itemJson } from '../../capture/item-json.ts';

export interface WorkerFeatureOptions {
  /** Hub address (ws://host:port, http://host:port or host:port). */
  address: string;
  /** Cluster token. */
  token: string;
  /** The store the worker node loads the hub's scripts from (also passed as a node store). */
  mirror: MemoryStore;
  /** Called with the mirror and uplink once installed (tests, commands). */
  onReady?: (link: WorkerLink) => void;
}

export interface WorkerLink {
  uplink: HubUplink;
  mirror: ScriptMirror;
  /** Resolves once the hub's scripts were first applied (start capture after it, so scripts see all traffic). */
  scriptsReady: Promise<void>;
}

const STATS_MS = 5000;

export function workerFeature(o: WorkerFeatureOptions): Feature {
  const url = clusterUrl(o.address);
  return defineFeature({
    name: 'cluster-worker',
    install(node) {
      if (node.role !== 'worker') return;
      const h = node.config.hub;
      provideClusterIdentity(node);
      const mirror = new ScriptMirror(o.mirror, node);
      let scriptsApplied!: () => void;
      const scriptsReady = new Promise<void>((r) => (scriptsApplied = r));
      const stats = (): string => JSON.stringify(workerStats(node, uplink));
      const uplink: HubUplink = new HubUplink({
        url,
        token: o.token,
        hello: () => ({ name: node.origin.worker, ip: node.origin.nodeIp, version: WIREHOOK_VERSION, sources: node.sources.map((s) => s.source.name) }),
        limits: { bufferItems: h.bufferItems, bufferChars: h.bufferMb * 1024 * 1024, batchItems: h.batchItems, batchMs: h.batchMs, reconnectMaxMs: h.reconnectMaxMs },
        onMessage: (m: HubMessage) => {
          if (m.t === 'scripts') {
            void mirror.apply(m).then(() => {
              scriptsApplied();
              uplink.sendNow(stats());
            });
          }
          else if (m.t === 'identity') applyIdentity(node, m.tables);
        },
        onConnected: () => uplink.sendNow(stats()),
        log: node.log,
      });
      node.items.subscribe((item) => uplink.pushItem(itemJson(item)));
      node.flowListeners.push((s) => uplink.pushFlow(JSON.stringify(s)));
      node.runtime.watchConsoles((id, c) => {
        c.subscribe((e) => {
          if (e.type === 'line') uplink.pushConsole(JSON.stringify({ s: id, l: e.line.level, x: e.line.text, t: e.line.time }));
        });
      });
      node.runtime.setHubLink({
        action: (action, object, depth) => uplink.pushAction(JSON.stringify({ t: 'action', action, object, depth })),
        targeted: () => node.runtime.localHub.targeted(),
      });
      registerUplinkMetrics(node.metrics, uplink);
      const timer = setInterval(() => uplink.sendNow(stats()), STATS_MS);
      timer.unref();
      node.onListen(() => uplink.start());
      node.onStop(async () => {
        clearInterval(timer);
        await uplink.stop();
      });
      o.onReady?.({ uplink, mirror, scriptsReady });
    },
  });
}

function applyIdentity(node: WirehookNode, tables: JsonValue): void {
  try {
    node.services.clusterIdentity?.apply(tables);
  } catch (e) {
    node.log(`wirehook: identity tables from the hub not applied: ${(e as Error).message}`);
  }
}

function workerStats(node: WirehookNode, uplink: HubUplink): WorkerStats {
  let packets = 0;
  for (const s of node.sources) packets += s.pipeline.stats.packets;
  return {
    t: 'stats',
    sources: node.sources.map((s) => s.source.name),
    packets,
    items: node.items.published,
    scripts: node.scripts.list().map((s) => ({ id: s.id, state: s.state, calls: s.stats?.calls ?? 0, errors: s.stats?.errors ?? 0, ...(s.reason ? { reason: s.reason } : {}) })),
    dropped: uplink.dropped(),
  };
}
