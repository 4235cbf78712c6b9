/**
 * The hub role (DESIGN.md §1): workers connect over the cluster link (hub-server.ts) and
 * everything they send lands where a single machine's own capture would:
 *  - items → the hub node's `items` bus (item store, maps, hub-side scripts see them),
 *    keeping each item's `worker` / `node` origin;
 *  - flow samples → the node's `flowListeners` (L4 map; workers already enriched them);
 *  - script console lines → the hub's console of that script, prefixed "[worker] ";
 *  - hub.action calls → every hub script's onHubAction (nesting depth kept).
 * The hub pushes its active scripts and env (hub-scripts.ts) and identity tables
 * (identity-link.ts) to every worker on connect and on change, and serves
 * `GET /api/nodes` (worker-record.ts WorkerView[]). The cluster token is `hub.token`, else
 * the dashboard token.
 */
import type { Item } from '../../capture/item.ts';
import type { FlowSample } from '../../capture/l4-report.ts';
import { MAX_HUB_ACTION_DEPTH } from '../../helpers/hub.ts';
import { defineFeature, type Feature } from '../roles/feature.ts';
import type { WirehookNode } from '../roles/node.ts';
import { registerHubMetrics } from './cluster-metrics.ts';
import { ClusterHub } from './hub-server.ts';
import { HubScripts } from './hub-scripts.ts';
import { IDENTITY_POLL_MS } from './identity-link.ts';
import { provideClusterIdentity } from './identity-sync.ts';
import type { HubMessage } from './protocol.ts';

export interface HubFeatureOptions {
  /** How often the script set is checked for changes to push, ms (default 500). */
  scriptPollMs?: number;
}

/** The cluster token a hub node accepts. */
export function clusterToken(node: WirehookNode): string {
  return node.config.hub.token || node.token;
}

export function hubFeature(o: HubFeatureOptions = {}): Feature {
  return defineFeature({
    name: 'cluster-hub',
    install(node) {
      if (node.role !== 'hub') return;
      const scripts = new HubScripts(node);
      let identityVersion: number | string | undefined;
      provideClusterIdentity(node);
      const identityMessage = (): HubMessage | null => {
        const id = node.services.clusterIdentity;
        return id && id.version() !== 0 ? { t: 'identity', tables: id.snapshot() } : null;
      };
      const hub: ClusterHub = new ClusterHub({
        token: clusterToken(node),
        onItem: (item) => node.items.publish(item as unknown as Item),
        onFlow: (s) => {
          for (const l of node.flowListeners) l(s as unknown as FlowSample);
        },
        onConsole: (worker, e) => {
          if (scripts.ids.has(e.s)) node.runtime.console(e.s).write(e.l, `[${worker}] ${e.x}`);
          else hub.rejected++;
        },
        onAction: (_worker, action, object, depth) => {
          if (depth > MAX_HUB_ACTION_DEPTH) hub.rejected++;
          else void node.runtime.dispatcher.invokeHook('onHubAction', [action, object], depth);
        },
        onWorkerReady: (send) => {
          send(scripts.current());
          const id = identityMessage();
          if (id) send(id);
        },
        log: node.log,
      });
      node.router.get('/api/nodes', (ctx) => {
        ctx.body = hub.workers().map((w) => w.view());
      });
      registerHubMetrics(node.metrics, hub);
      node.onListen((http) => hub.attach(http.server));

      const scriptTimer = setInterval(() => {
        const m = scripts.changed();
        if (m) hub.broadcast(m);
      }, o.scriptPollMs ?? 500);
      const identityTimer = setInterval(() => {
        const v = node.services.clusterIdentity?.version();
        if (v === undefined || v === 0 || v === identityVersion) return;
        identityVersion = v;
        const m = identityMessage();
        if (m) hub.broadcast(m);
      }, IDENTITY_POLL_MS);
      scriptTimer.unref();
      identityTimer.unref();
      node.onStop(async () => {
        clearInterval(scriptTimer);
        clearInterval(identityTimer);
        await hub.close();
      });
    },
  });
}
