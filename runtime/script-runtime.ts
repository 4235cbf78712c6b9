/**
 * The script runtime of one node: clock, op catalog, dispatcher, consoles, and the factory
 * that turns a script into a loaded sandbox. Node roles (single, worker, hub) and the
 * offline runner create one; the script manager (scripts/manager.ts) decides which scripts
 * are loaded and swaps versions on reload.
 *
 *   const rt = new ScriptRuntime({ config, mode: 'live' });
 *   const sb = await rt.load({ id: 'alerts.js', code });   // sb.state: 'running' | 'failed'
 *   rt.dispatcher.pushItem(item);
 */
import { compileKfl } from '../capture/kfl/index.ts';
import type { OpCatalog } from '../helpers/catalog.ts';
import type { HubLink, JsonValue, NodeIdentity, OpServices } from '../helpers/define-op.ts';
import { builtinCatalog } from '../helpers/index.ts';
import { RealClock, VirtualClock, type Clock } from './clock.ts';
import type { WirehookConfig } from './config.ts';
import { ScriptConsole } from './console.ts';
import { Dispatcher } from './dispatcher.ts';
import { limitsFor } from './sandbox/limits.ts';
import { Sandbox } from './sandbox/sandbox.ts';
import { parseScriptHeader } from './sandbox/script-header.ts';
import { TaskQueue } from './task-queue.ts';

export interface ScriptRuntimeOptions {
  config: WirehookConfig;
  /** live: parallel sandboxes, bounded queues; offline: one shared queue (deterministic), no drops. */
  mode: 'live' | 'offline';
  /** Default: RealClock live, VirtualClock(0) offline. */
  clock?: Clock;
  /** Default: config.node with role 'single'. */
  node?: NodeIdentity;
  catalog?: OpCatalog;
  services?: Partial<OpServices>;
  /** KFL filter every item must pass before any script (wirehook run --filter). Throws KflError. */
  filter?: string;
  /** Random source for job jitter (seeded offline). */
  random?: () => number;
  /** Script env (default config.scripting.env). */
  env?: Record<string, unknown>;
}

export interface ScriptSource {
  id: string;
  code: string;
  /** Default: from the first comment (script-header.ts). */
  title?: string;
}

export class ScriptRuntime {
  readonly clock: Clock;
  readonly dispatcher: Dispatcher;
  readonly catalog: OpCatalog;
  readonly node: NodeIdentity;
  private readonly consoles = new Map<string, ScriptConsole>();
  private readonly consoleWatchers = new Set<(id: string, c: ScriptConsole) => void>();
  private readonly shared: TaskQueue | undefined;
  private readonly hub: HubLink;
  /** Local delivery: hub.action reaches every script of this runtime (single machine, the hub itself). */
  readonly localHub: HubLink;
  private hubLink: HubLink;

  constructor(private readonly o: ScriptRuntimeOptions) {
    this.clock = o.clock ?? (o.mode === 'live' ? new RealClock() : new VirtualClock(0));
    this.catalog = o.catalog ?? builtinCatalog();
    this.node = o.node ?? { name: o.config.node.name, ip: o.config.node.ip, role: 'single' };
    this.shared = o.mode === 'offline' ? new TaskQueue(reportInternal) : undefined;
    this.dispatcher = new Dispatcher({
      mode: o.mode,
      batchSize: o.config.scripting.batchSize,
      filter: o.filter ? compileKfl(o.filter) : null,
    });
    this.localHub = {
      action: (action, object, depth) => void this.dispatcher.invokeHook('onHubAction', [action, object], depth),
      targeted: () => this.o.services?.targets?.targeted() ?? JSON.stringify({ targets: [], excluded: [] }),
    };
    this.hubLink = this.localHub;
    this.hub = {
      action: (action, object, depth) => this.hubLink.action(action, object, depth),
      targeted: () => this.hubLink.targeted(),
    };
  }

  /**
   * Where hub.action goes from now on, for every loaded and future script: a worker routes
   * actions to its hub (runtime/cluster); null restores local delivery.
   */
  setHubLink(link: HubLink | null): void {
    this.hubLink = link ?? this.localHub;
  }

  /** Calls `fn` for every script console, existing ones now and new ones when created (before their first line). */
  watchConsoles(fn: (id: string, c: ScriptConsole) => void): () => void {
    this.consoleWatchers.add(fn);
    for (const [id, c] of this.consoles) fn(id, c);
    return () => this.consoleWatchers.delete(fn);
  }

  /** The console of a script id (created on first use; kept across versions). */
  console(id: string): ScriptConsole {
    let c = this.consoles.get(id);
    if (!c) {
      const limits = this.o.config.scripting.limits;
      c = new ScriptConsole({ capacity: limits.consoleLines, maxLineLength: limits.maxLineLength, now: () => this.clock.now() });
      this.consoles.set(id, c);
      for (const w of this.consoleWatchers) w(id, c);
    }
    return c;
  }

  /**
   * Builds and starts a sandbox for `script`, without adding it to the dispatcher. Resolves
   * when the top-level code has run; check `state` ('running' or 'failed').
   */
  async build(script: ScriptSource): Promise<Sandbox> {
    const sb = this.create(script);
    await sb.start();
    return sb;
  }

  /**
   * build() registered with the dispatcher from the start, so hooks broadcast while its
   * top-level code runs (e.g. its own hub.action) reach it; removed again if it fails.
   */
  async load(script: ScriptSource): Promise<Sandbox> {
    const sb = this.create(script);
    this.dispatcher.add(sb);
    await sb.start();
    if (sb.state !== 'running') this.dispatcher.remove(sb);
    return sb;
  }

  private create(script: ScriptSource): Sandbox {
    const header = parseScriptHeader(script.code, script.id.replace(/\.js$/, ''));
    const title = script.title ?? header.title;
    const cfg = this.o.config.scripting;
    const limits = limitsFor(cfg.limits, cfg.overrides, { id: script.id, title });
    return new Sandbox({
      script: { id: script.id, title, code: script.code },
      filter: header.filter,
      goStyle: header.goStyle,
      limits,
      catalog: this.catalog,
      console: this.console(script.id),
      clock: this.clock,
      // Live, every waiting batch is already handed to the isolate, which goes from one to
      // the next without waiting for the host.
      queue: this.shared ?? new TaskQueue(reportInternal, limits.queue),
      bounded: this.o.mode === 'live',
      node: this.node,
      env: (this.o.env ?? cfg.env) as Record<string, JsonValue>,
      config: this.o.config,
      hub: this.hub,
      services: this.o.services,
      jitterMs: cfg.jobs.jitterMs,
      random: this.o.random,
      reportJob: (hook, args) => void this.dispatcher.invokeHook(hook, args as never),
      onChange: () => this.dispatcher.refresh(),
    });
  }

  /** Unloads every script and stops the clock's timers. */
  stop(): void {
    for (const sb of [...this.dispatcher.list()]) {
      this.dispatcher.remove(sb);
      sb.dispose();
    }
    if (this.clock instanceof RealClock) this.clock.dispose();
  }
}

function reportInternal(e: unknown): void {
  process.emitWarning(`wirehook: internal error in a script task: ${e instanceof Error ? e.stack : String(e)}`);
}

