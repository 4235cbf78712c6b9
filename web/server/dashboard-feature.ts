/**
 * The dashboard feature (single and hub nodes): the item store and service maps fed by the
 * node's bus and flow samples, the REST API (routes/), the WebSocket (ws.ts) and the UI's
 * static files (static.ts). Worker nodes do not install it (their hub serves the dashboard).
 *
 *   WirehookNode.create({ role: 'single', config, features: [dashboardFeature()] })
 *
 * Everything it starts is stopped with the node: timers, subscriptions, WebSocket clients,
 * and the store's open segment is sealed.
 */
import path from 'node:path';
import type { FlowSample } from '../../capture/l4-report.ts';
import { ItemStore } from '../../runtime/hub/item-store.ts';
import { ServiceMaps } from '../../runtime/hub/maps/service-maps.ts';
import { collectStats, RateMeter } from '../../runtime/hub/node-stats.ts';
import { defineFeature, type Feature } from '../../runtime/roles/feature.ts';
import type { WirehookNode } from '../../runtime/roles/node.ts';
import { apiResponses } from './routes/api-responses.ts';
import { mountConsoles } from './routes/consoles.ts';
import type { DashboardContext } from './routes/dashboard-context.ts';
import { EXAMPLES_DIR, mountExamples } from './routes/examples.ts';
import { mountItems } from './routes/items.ts';
import { mountJobs } from './routes/jobs.ts';
import { mountKfl } from './routes/kfl.ts';
import { mountMaps } from './routes/maps.ts';
import { mountPcap } from './routes/pcap.ts';
import { mountScripts } from './routes/scripts.ts';
import { mountStats } from './routes/stats.ts';
import { mountStatic, UI_DIST } from './static.ts';
import { DashboardSocket, type SocketOptions } from './ws.ts';

export interface DashboardFeatureOptions {
  /** Built UI folder (default web/ui/dist, built on demand from web/ui unless `buildUi: false`). */
  uiDist?: string;
  buildUi?: boolean;
  /** Example scripts folder (default examples/ at the repository root). */
  examplesDir?: string;
  /** WebSocket batching and per-client limits. */
  socket?: Partial<SocketOptions>;
  /** Receives the dashboard's parts once installed (tests, the hub role). */
  onInstalled?: (d: DashboardContext & { socket: DashboardSocket }) => void;
}

const MB = 1024 * 1024;

export function dashboardFeature(o: DashboardFeatureOptions = {}): Feature {
  return defineFeature({
    name: 'dashboard',
    install(node: WirehookNode) {
      if (node.role === 'worker') return;
      const cfg = node.config.itemStore;
      const store = new ItemStore({
        dir: cfg.diskMb > 0 ? path.join(node.dataDir, 'items') : null,
        memoryItems: cfg.memoryItems,
        memoryBytes: cfg.memoryMb * MB,
        diskBytes: cfg.diskMb * MB,
        segmentBytes: cfg.segmentMb * MB,
        maxAgeMs: cfg.maxAgeMinutes * 60_000,
        log: node.log,
      });
      const m = node.config.maps;
      const maps = new ServiceMaps({ bucketMs: m.bucketSeconds * 1000, buckets: m.buckets, maxPairsPerBucket: m.maxPairsPerBucket }, store);
      const startedAt = Date.now();
      const rate = new RateMeter();
      const sampler = setInterval(() => rate.sample(node.items.published, Date.now()), 1000);
      sampler.unref();
      let socket: DashboardSocket | null = null;
      const d: DashboardContext = {
        node,
        store,
        maps,
        stats: () =>
          collectStats(node, { startedAt, rate, store: () => store.stats(), maps: () => maps.stats(), websocketDrops: () => socket?.dropped ?? 0 }),
      };
      const ws = new DashboardSocket(d, o.socket);
      socket = ws;
      const unsubscribe = node.items.subscribe((item) => {
        store.add(item);
        maps.addItem(item);
        ws.onItem(item);
      });
      const onFlow = (s: FlowSample) => maps.addFlow(s);
      node.flowListeners.push(onFlow);

      const r = node.router;
      r.use(apiResponses());
      mountItems(r, d);
      mountKfl(r);
      mountMaps(r, d);
      mountScripts(r, d);
      mountConsoles(r, d);
      mountExamples(r, o.examplesDir ?? EXAMPLES_DIR);
      mountJobs(r, d);
      mountPcap(r, d);
      mountStats(r, d);
      mountStatic(r, {
        dist: o.uiDist ?? UI_DIST,
        // The default UI folder is built on demand from web/ui (git-ignored build output).
        prepare: o.uiDist === undefined && o.buildUi !== false ? () => import('../ui/build.ts').then((m) => m.ensureUiBuilt()) : undefined,
        log: node.log,
      });

      node.onListen((http) => ws.attach(http.server));
      node.onStop(async () => {
        clearInterval(sampler);
        unsubscribe();
        const i = node.flowListeners.indexOf(onFlow);
        if (i >= 0) node.flowListeners.splice(i, 1);
        await ws.close();
        store.close();
      });
      o.onInstalled?.({ ...d, socket: ws });
    },
  });
}
