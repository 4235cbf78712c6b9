/**
 * A folder of `.js` scripts (config `scripting.source` / `sources`), watched with fs.watch.
 * Editors save in bursts (truncate, write, rename …), so events are debounced and the
 * folder is re-read; only scripts whose content really changed are reported. Files
 * starting with '.' and files that are not `.js` are ignored; sub-folders are not read.
 */
import { watch, type FSWatcher } from 'node:fs';
import { readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { checkScriptId, ScriptStoreError, type ScriptFile, type ScriptStore, type StoreEvent } from './store.ts';

export interface FolderStoreOptions {
  /** Quiet time after the last change before the folder is re-read, ms. Default 150. */
  debounceMs?: number;
}

export class FolderStore implements ScriptStore {
  private known = new Map<string, string>();
  private readonly listeners = new Set<(e: StoreEvent) => void>();
  private watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> = Promise.resolve();
  readonly name: string;

  constructor(
    readonly dir: string,
    private readonly o: FolderStoreOptions = {},
  ) {
    this.name = dir;
  }

  async list(): Promise<ScriptFile[]> {
    this.known = await this.read();
    return [...this.known].map(([id, code]) => ({ id, code }));
  }

  watch(listener: (e: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    if (!this.watcher) {
      this.watcher = watch(this.dir, () => this.changed());
      this.watcher.on('error', () => this.changed());
    }
    return () => this.listeners.delete(listener);
  }

  async put(id: string, code: string): Promise<void> {
    const path = join(this.dir, checkScriptId(id));
    const tmp = join(this.dir, `.${id}.${process.pid}.tmp`);
    await writeFile(tmp, code);
    await rename(tmp, path);
  }

  async delete(id: string): Promise<void> {
    await rm(join(this.dir, checkScriptId(id)), { force: true });
  }

  close(): void {
    this.watcher?.close();
    this.watcher = undefined;
    if (this.timer) clearTimeout(this.timer);
    this.listeners.clear();
  }

  private changed(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.scanning = this.scanning.then(() => this.rescan());
    }, this.o.debounceMs ?? 150);
  }

  private async rescan(): Promise<void> {
    let now: Map<string, string>;
    try {
      now = await this.read();
    } catch {
      return;
    }
    const events: StoreEvent[] = [];
    for (const [id, code] of now) if (this.known.get(id) !== code) events.push({ type: 'put', id, code });
    for (const id of this.known.keys()) if (!now.has(id)) events.push({ type: 'delete', id });
    this.known = now;
    for (const e of events) for (const l of this.listeners) l(e);
  }

  private async read(): Promise<Map<string, string>> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (e) {
      throw new ScriptStoreError('ERR_SCRIPT_READ', `cannot read the scripts folder ${this.dir}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'check scripting.source / --scripts');
    }
    const out = new Map<string, string>();
    for (const name of names.sort()) {
      if (name.startsWith('.') || !name.endsWith('.js')) continue;
      try {
        checkScriptId(name);
        out.set(name, await readFile(join(this.dir, name), 'utf8'));
      } catch {
        // Unreadable (vanished mid-save, a directory named x.js, a bad name): skipped until the next change.
      }
    }
    return out;
  }
}
