/**
 * A running Wirehook node (DESIGN.md §1): the single-machine process, a worker or the hub.
 * It owns the buses everything meets on, the script runtime and manager, the metrics
 * registry and the HTTP router; features (feature.ts) plug the rest in.
 *
 *   const node = await WirehookNode.create({ role: 'single', config });
 *   await node.start();                    // features, scripts, HTTP server
 *   node.runSource(pcapFileSource(file));  // packets → pipeline → items → bus
 *   await node.stop();
 *
 * Data path per source: RawPacket → Pipeline (decode, flows, dissect, `enrichers`) →
 * `items` bus → subscribers (scripts' dispatcher first, then features). Flow samples for
 * the L4 map go through `flowEnrichers` to `flows` listeners.
 */
import Router from '@koa/router';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Registry } from 'prom-client';
import { L4Reporter, type FlowSample } from '../../capture/l4-report.ts';
import type { ItemOrigin } from '../../capture/item.ts';
import type { Flow } from '../../capture/flow/flow-state.ts';
import type { FlowInfo } from '../../capture/flow/flow.ts';
import { FlowIdAllocator } from '../../capture/flow/flow-table-options.ts';
import { Pipeline, type Enricher } from '../../capture/pipeline.ts';
import type { RawPacket } from '../../capture/source/raw-packet.ts';
import type { OpServices } from '../../helpers/define-op.ts';
import { FolderStore } from '../../scripts/folder-store.ts';
import { ScriptManager } from '../../scripts/manager.ts';
import type { ScriptStore } from '../../scripts/store.ts';
import { requireTokenForChanges } from '../../web/server/auth.ts';
import { createApp, listen, type Listening } from '../../web/server/http-server.ts';
import type { WirehookConfig } from '../config.ts';
import { ScriptRuntime } from '../script-runtime.ts';
import type { Feature } from './feature.ts';
import { builtinFeatures } from './features.ts';
import { ItemBus } from './item-bus.ts';
import type { PacketSource } from './packet-source.ts';
import { dashboardToken } from './token.ts';

export type NodeRole = 'single' | 'worker' | 'hub';

export interface NodeOptions {
  role: NodeRole;
  config: WirehookConfig;
  /** Default: builtinFeatures(). */
  features?: Feature[];
  /** Script stores besides the configured folders (tests, examples). */
  stores?: ScriptStore[];
  /** Operator log (default: stderr). */
  log?: (line: string) => void;
  /** Interval of L4 flow samples, ms (default 2000). */
  flowSampleMs?: number;
}

export interface SourceRun {
  source: PacketSource;
  pipeline: Pipeline;
  /** Resolves when the source ended (file end) or was stopped; rejects on a source error. */
  done: Promise<void>;
}

export class WirehookNode {
  readonly role: NodeRole;
  readonly config: WirehookConfig;
  readonly origin: ItemOrigin;
  readonly dataDir: string;
  readonly token: string;
  readonly tokenGenerated: boolean;
  readonly log: (line: string) => void;
  /** Items after enrichment. */
  readonly items = new ItemBus();
  /** Item enrichers, in order, applied by every pipeline of this node. */
  readonly enrichers: Enricher[] = [];
  /** Flow-sample enrichers (identity for the L4 map) and listeners. */
  readonly flowEnrichers: ((s: FlowSample) => void)[] = [];
  readonly flowListeners: ((s: FlowSample) => void)[] = [];
  /** Every packet of every flow, for the stream store (pipeline `onFlowPacket`); set by a feature's install. */
  flowPacketTap: ((flow: Flow, raw: RawPacket) => void) | undefined = undefined;
  /** Capture targeting (pipeline `shouldDissect`): flows it rejects are not dissected; set by a feature's install. */
  dissectFilter: ((flow: FlowInfo) => boolean) | undefined = undefined;
  /** Services for script ops (declaration-merged into OpServices by the features providing them). */
  readonly services: Partial<OpServices> = {};
  readonly metrics = new Registry();
  readonly router = new Router();
  readonly runtime: ScriptRuntime;
  readonly scripts: ScriptManager;
  /** The writable script folder (dashboard edits land here). */
  readonly scriptFolder: FolderStore;
  readonly sources: SourceRun[] = [];
  http: Listening | null = null;
  private readonly features: Feature[];
  private readonly stops: (() => void | Promise<void>)[] = [];
  private readonly listens: ((http: Listening) => void)[] = [];
  private readonly starteds: (() => void)[] = [];
  private readonly abort = new AbortController();
  private readonly flowSampleMs: number;
  /** One flow id space for all sources: stream names stay unique on the node. */
  private readonly flowIds = new FlowIdAllocator();

  private constructor(o: NodeOptions, token: { token: string; generated: boolean }) {
    this.role = o.role;
    this.config = o.config;
    this.log = o.log ?? ((l) => process.stderr.write(l + '\n'));
    const name = o.role === 'hub' ? 'hub' : o.config.node.name;
    this.origin = { worker: name, nodeName: name, nodeIp: o.config.node.ip };
    this.dataDir = path.resolve(o.config.dataDir);
    this.token = token.token;
    this.tokenGenerated = token.generated;
    this.features = o.features ?? builtinFeatures();
    this.flowSampleMs = o.flowSampleMs ?? 2000;
    this.runtime = new ScriptRuntime({
      config: o.config,
      mode: 'live',
      node: { name, ip: o.config.node.ip, role: o.role },
      services: this.services,
    });
    const folders = [o.config.scripting.source || path.join(this.dataDir, 'scripts'), ...o.config.scripting.sources];
    this.scriptFolder = new FolderStore(path.resolve(folders[0]));
    const stores: ScriptStore[] = [this.scriptFolder, ...folders.slice(1).map((f) => new FolderStore(path.resolve(f))), ...(o.stores ?? [])];
    this.scripts = new ScriptManager({ runtime: this.runtime, stores, active: o.config.scripting.active });
    // Folder watchers would keep the process alive after stop().
    this.onStop(() => stores.forEach((s) => s.close()));
    this.items.subscribe((item) => this.runtime.dispatcher.pushItem(item));
    this.router.use(requireTokenForChanges(token.token));
  }

  static async create(o: NodeOptions): Promise<WirehookNode> {
    const dataDir = path.resolve(o.config.dataDir);
    await mkdir(path.resolve(o.config.scripting.source || path.join(dataDir, 'scripts')), { recursive: true });
    return new WirehookNode(o, await dashboardToken(o.config.dashboard.token, dataDir));
  }

  /** Install features, load scripts, listen for HTTP. */
  async start(opts: { listen?: boolean } = {}): Promise<void> {
    for (const f of this.features) await f.install(this);
    await this.scripts.start();
    for (const fn of this.starteds) fn();
    if (opts.listen !== false) {
      const app = createApp(this.router, () => ({ role: this.role, node: this.origin.nodeName, sources: this.sources.map((s) => s.source.name) }));
      this.http = await listen(app, this.config.dashboard.bind, this.config.dashboard.port);
      for (const fn of this.listens) fn(this.http);
    }
  }

  /** Run a packet source through a new pipeline of this node. */
  runSource(source: PacketSource): SourceRun {
    const d = this.runtime.dispatcher;
    const reporter = new L4Reporter(this.origin, (s) => this.publishFlow(s));
    const pipeline = new Pipeline({
      origin: this.origin,
      enrichers: this.enrichers,
      onItem: (item) => this.items.publish(item),
      onPacket: (info) => {
        if (d.wantsPackets) d.pushPacket(info);
      },
      onFlowEnd: (flow) => reporter.ended(flow, pipeline.stats.lastPacketMs),
      onFlowPacket: this.flowPacketTap,
      shouldDissect: this.dissectFilter,
      flowTable: { flowIds: this.flowIds },
    });
    const timer = setInterval(() => reporter.sample(pipeline.flows.values(), pipeline.stats.lastPacketMs), this.flowSampleMs);
    timer.unref();
    const done = source.run((raw) => pipeline.push(raw), this.abort.signal).finally(() => {
      clearInterval(timer);
      pipeline.finish();
      d.flush();
    });
    const run: SourceRun = { source, pipeline, done };
    this.sources.push(run);
    done.catch((e) => {
      if (!this.abort.signal.aborted) this.log(`wirehook: source ${source.name} failed: ${(e as Error).message}`);
    });
    return run;
  }

  /** Run `fn` once the scripts loaded at start are running (before the HTTP server listens). */
  onScriptsStarted(fn: () => void): void {
    this.starteds.push(fn);
  }

  /** Run `fn` once the HTTP server listens (e.g. to attach a WebSocket upgrade handler to `http.server`). */
  onListen(fn: (http: Listening) => void): void {
    this.listens.push(fn);
  }

  /** Register cleanup, run in reverse order at stop. */
  onStop(fn: () => void | Promise<void>): void {
    this.stops.push(fn);
  }

  async stop(): Promise<void> {
    this.abort.abort();
    await Promise.allSettled(this.sources.map((s) => s.done));
    for (const fn of this.stops.reverse()) await fn();
    await this.scripts.stop();
    this.runtime.stop();
    await this.http?.close();
  }

  private publishFlow(s: FlowSample): void {
    for (const e of this.flowEnrichers) {
      try {
        e(s);
      } catch {
        /* an enricher failure leaves the sample unnamed */
      }
    }
    for (const l of this.flowListeners) l(s);
  }
}
