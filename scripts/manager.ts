/**
 * The script manager: which scripts exist (stores), which run (activation by title or id,
 * config `scripting.active`; unset = all), and hot reload (DESIGN.md §5):
 *  1. a store reports new code for a script (or `reload(id)` is called);
 *  2. if the script is active, the new version is built BESIDE the old one (its own isolate,
 *     top-level code run);
 *  3. only if it loads does it replace the old version, whose jobs and timers are removed
 *     with it; if it does not, the old version keeps running and the error shows in the
 *     script's console and in `loadError`;
 *  4. a quarantined or failed script is re-enabled by a reload.
 * Operations on one script are serialised; different scripts reload independently.
 */
import type { ScriptRuntime } from '../runtime/script-runtime.ts';
import type { Sandbox } from '../runtime/sandbox/sandbox.ts';
import { parseScriptHeader } from '../runtime/sandbox/script-header.ts';
import type { ScriptState, ScriptStats } from '../runtime/sandbox/stats.ts';
import { ScriptStoreError, type ScriptStore, type StoreEvent } from './store.ts';

/** A script as the dashboard edits it. */
export interface Script {
  id: string;
  title: string;
  code: string;
  /** Selected to run. */
  active: boolean;
}

export interface ScriptStatus {
  id: string;
  title: string;
  /** Selected to run (by id or title). */
  active: boolean;
  /** 'inactive' when not selected; else the loaded version's state. */
  state: ScriptState | 'inactive';
  /** Why it failed or was quarantined. */
  reason?: string;
  /** The last reload that did not load (the previous version kept running). */
  loadError?: string;
  stats?: ScriptStats;
  /** Name of the store it comes from. */
  store: string;
}

interface Entry {
  id: string;
  code: string;
  title: string;
  store: ScriptStore;
  sandbox?: Sandbox;
  loadError?: string;
  chain: Promise<void>;
}

export interface ScriptManagerOptions {
  runtime: ScriptRuntime;
  stores: ScriptStore[];
  /** Titles or ids to run; null/undefined = all. */
  active?: string[] | null;
}

export class ScriptManager {
  private readonly entries = new Map<string, Entry>();
  private readonly unwatch: (() => void)[] = [];
  private selected: Set<string> | null;

  constructor(private readonly o: ScriptManagerOptions) {
    this.selected = o.active ? new Set(o.active) : null;
  }

  /** Reads every store, loads the active scripts, then follows store changes. */
  async start(): Promise<void> {
    for (const store of this.o.stores) {
      for (const f of await store.list()) {
        if (!this.entries.has(f.id)) this.entries.set(f.id, this.entry(f.id, f.code, store));
      }
      this.unwatch.push(store.watch((e) => this.onStoreEvent(store, e)));
    }
    await Promise.all([...this.entries.values()].filter((e) => this.isActive(e)).map((e) => this.enqueue(e, () => this.swap(e))));
  }

  async stop(): Promise<void> {
    for (const u of this.unwatch.splice(0)) u();
    await Promise.all([...this.entries.values()].map((e) => e.chain));
    for (const e of this.entries.values()) this.unload(e);
  }

  /** Resolves when no load, reload or unload is in progress. */
  async idle(): Promise<void> {
    for (;;) {
      const chains = [...this.entries.values()].map((e) => e.chain);
      await Promise.all(chains);
      if ([...this.entries.values()].every((e, i) => e.chain === chains[i])) return;
    }
  }

  list(): ScriptStatus[] {
    return [...this.entries.values()].map((e) => this.status(e));
  }

  /** Status of a script by id or title; throws ERR_SCRIPT_NOT_FOUND. */
  get(idOrTitle: string): ScriptStatus {
    return this.status(this.find(idOrTitle));
  }

  /** A script's source and activation; throws ERR_SCRIPT_NOT_FOUND. */
  script(idOrTitle: string): Script {
    const e = this.find(idOrTitle);
    return { id: e.id, title: e.title, code: e.code, active: this.isActive(e) };
  }

  /** The loaded version of a script, if any (for consoles, jobs and stats). */
  sandbox(idOrTitle: string): Sandbox | undefined {
    return this.find(idOrTitle).sandbox;
  }

  async activate(idOrTitle: string): Promise<ScriptStatus> {
    const e = this.find(idOrTitle);
    if (this.selected) this.selected.add(e.id);
    if (!e.sandbox) await this.enqueue(e, () => this.swap(e));
    return this.status(e);
  }

  async deactivate(idOrTitle: string): Promise<ScriptStatus> {
    const e = this.find(idOrTitle);
    this.selected ??= new Set([...this.entries.values()].filter((x) => this.isActive(x)).map((x) => x.id));
    this.selected.delete(e.id);
    this.selected.delete(e.title);
    await this.enqueue(e, async () => this.unload(e));
    return this.status(e);
  }

  /** Builds the current code again (re-enables a quarantined script). */
  async reload(idOrTitle: string): Promise<ScriptStatus> {
    const e = this.find(idOrTitle);
    if (this.isActive(e)) await this.enqueue(e, () => this.swap(e));
    return this.status(e);
  }

  private onStoreEvent(store: ScriptStore, ev: StoreEvent): void {
    const e = this.entries.get(ev.id);
    if (e && e.store !== store) return;
    if (ev.type === 'delete') {
      if (!e) return;
      void this.enqueue(e, async () => {
        this.unload(e);
        this.entries.delete(e.id);
      });
      return;
    }
    const entry = e ?? this.entry(ev.id, ev.code, store);
    this.entries.set(ev.id, entry);
    entry.code = ev.code;
    entry.title = titleOf(ev.id, ev.code);
    if (this.isActive(entry)) void this.enqueue(entry, () => this.swap(entry));
  }

  private entry(id: string, code: string, store: ScriptStore): Entry {
    return { id, code, title: titleOf(id, code), store, chain: Promise.resolve() };
  }

  private isActive(e: Entry): boolean {
    return this.selected === null || this.selected.has(e.id) || this.selected.has(e.title);
  }

  private find(idOrTitle: string): Entry {
    const e = this.entries.get(idOrTitle) ?? [...this.entries.values()].find((x) => x.title === idOrTitle);
    if (!e) throw new ScriptStoreError('ERR_SCRIPT_NOT_FOUND', `no script with id or title "${idOrTitle}"`, `known scripts: ${[...this.entries.keys()].join(', ') || 'none'}`);
    return e;
  }

  private enqueue(e: Entry, op: () => Promise<void>): Promise<void> {
    e.chain = e.chain.then(op, op);
    return e.chain;
  }

  /** Steps 2–4 of the reload lifecycle. */
  private async swap(e: Entry): Promise<void> {
    const rt = this.o.runtime;
    const old = e.sandbox;
    const source = { id: e.id, code: e.code, title: e.title };
    if (!old) {
      e.sandbox = await rt.load(source);
      e.loadError = undefined;
      return;
    }
    const next = await rt.build(source);
    if (next.state === 'running' || old.state !== 'running') {
      if (next.state === 'running') rt.dispatcher.replace(old, next);
      else rt.dispatcher.remove(old);
      old.dispose();
      e.sandbox = next;
      e.loadError = undefined;
    } else {
      e.loadError = next.reason;
      next.dispose();
    }
  }

  private unload(e: Entry): void {
    if (!e.sandbox) return;
    this.o.runtime.dispatcher.remove(e.sandbox);
    e.sandbox.dispose();
    e.sandbox = undefined;
    e.loadError = undefined;
  }

  private status(e: Entry): ScriptStatus {
    const sb = e.sandbox;
    return {
      id: e.id,
      title: e.title,
      active: this.isActive(e),
      state: sb ? sb.state : 'inactive',
      ...(sb?.reason ? { reason: sb.reason } : {}),
      ...(e.loadError ? { loadError: e.loadError } : {}),
      ...(sb ? { stats: sb.stats() } : {}),
      store: e.store.name,
    };
  }
}

function titleOf(id: string, code: string): string {
  return parseScriptHeader(code, id.replace(/\.js$/, '')).title;
}
