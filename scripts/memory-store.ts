/**
 * Scripts kept in memory (tests, scripts created through the API before they are saved).
 * Changes are reported to watchers synchronously.
 */
import { checkScriptId, type ScriptFile, type ScriptStore, type StoreEvent } from './store.ts';

export class MemoryStore implements ScriptStore {
  private readonly scripts = new Map<string, string>();
  private readonly listeners = new Set<(e: StoreEvent) => void>();

  constructor(
    initial: Record<string, string> = {},
    readonly name = 'memory',
  ) {
    for (const [id, code] of Object.entries(initial)) this.scripts.set(checkScriptId(id), code);
  }

  async list(): Promise<ScriptFile[]> {
    return [...this.scripts].map(([id, code]) => ({ id, code }));
  }

  watch(listener: (e: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async put(id: string, code: string): Promise<void> {
    this.scripts.set(checkScriptId(id), code);
    this.emit({ type: 'put', id, code });
  }

  async delete(id: string): Promise<void> {
    if (this.scripts.delete(id)) this.emit({ type: 'delete', id });
  }

  close(): void {
    this.listeners.clear();
  }

  private emit(e: StoreEvent): void {
    for (const l of this.listeners) l(e);
  }
}
