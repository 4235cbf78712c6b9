/**
 * Where scripts come from. A store lists scripts and reports changes; the manager
 * (manager.ts) decides what runs. Implementations: a folder of .js files (folder-store.ts,
 * watched) and memory (memory-store.ts, for tests and the API); a Kubernetes ConfigMap
 * store comes with the cluster roles.
 *
 * Ids are unique within a store (folder: the file name, e.g. `alerts.js`).
 */
export interface ScriptFile {
  id: string;
  code: string;
}

export type StoreEvent = { type: 'put'; id: string; code: string } | { type: 'delete'; id: string };

export interface ScriptStore {
  /** For status and messages, e.g. the folder path. */
  readonly name: string;
  list(): Promise<ScriptFile[]>;
  /**
   * Reports changes after `list()`: a script added or changed (`put`, with its new code)
   * or removed. Returns the unsubscribe function.
   */
  watch(listener: (e: StoreEvent) => void): () => void;
  /** Writes a script (create or replace). */
  put(id: string, code: string): Promise<void>;
  delete(id: string): Promise<void>;
  close(): void;
}

export class ScriptStoreError extends Error {
  constructor(
    readonly code: 'ERR_SCRIPT_ID' | 'ERR_SCRIPT_READ' | 'ERR_SCRIPT_NOT_FOUND',
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

const ID = /^[A-Za-z0-9][A-Za-z0-9._ -]{0,120}\.js$/;

/** Script ids are file names: letters, digits, '.', '_', '-', spaces, ending in .js. */
export function checkScriptId(id: string): string {
  if (!ID.test(id) || id.includes('..')) {
    throw new ScriptStoreError('ERR_SCRIPT_ID', `"${id}" is not a valid script id`, 'use a file name like alerts.js (letters, digits, . _ - and spaces)');
  }
  return id;
}
