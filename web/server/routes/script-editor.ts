/**
 * Dashboard edits of scripts: they land in the node's writable script folder
 * (`node.scriptFolder`), and the script manager hot-reloads them from there (scripts/
 * manager.ts), so an edit behaves exactly like saving the file. A save resolves once the
 * manager has seen the new code and finished the reload; a version that does not load is
 * a 422 with the error's line and column while the old version keeps running.
 *
 * Only scripts of the writable folder can be changed or deleted (others: 409
 * ERR_SCRIPT_READ_ONLY). Saving unchanged code reloads the script (re-enables a
 * quarantined one).
 */
import { parseScriptHeader } from '../../../runtime/sandbox/script-header.ts';
import type { WirehookNode } from '../../../runtime/roles/node.ts';
import type { ScriptStatus } from '../../../scripts/manager.ts';
import { checkScriptId } from '../../../scripts/store.ts';
import { ApiError } from './api-responses.ts';

/** How long a save waits for the folder watcher and the reload. */
const SAVE_TIMEOUT_MS = 10_000;
const POLL_MS = 15;

export interface NewScript {
  id?: string;
  title?: string;
  code: string;
}

/** `ERR_SCRIPT_COMPILE: (load) SyntaxError: Unexpected token at 2:9` → parts. */
const REASON = /^(ERR_[A-Z_]+): (?:\(load\) )?([\s\S]*?)(?: at (\d+):(\d+))?$/;

/** The 422 for a script that did not load (reason as the manager reports it). */
export function loadFailure(reason: string): ApiError {
  const m = REASON.exec(reason);
  const cause = m?.[1] ?? 'ERR_SCRIPT_LOAD';
  const code = cause === 'ERR_SCRIPT_COMPILE' ? 'ERR_SCRIPT_COMPILE' : 'ERR_SCRIPT_LOAD';
  return new ApiError(422, code, m?.[2] ?? reason, { line: m?.[3] ? Number(m[3]) : null, column: m?.[4] ? Number(m[4]) : null, cause });
}

/** `My Latency Alert!` → `my-latency-alert.js`. */
export function idFromTitle(title: string): string {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 60).replace(/-+$/, '');
  return `${slug || 'script'}.js`;
}

export class ScriptEditor {
  constructor(private readonly node: WirehookNode) {}

  private exists(id: string): boolean {
    return this.node.scripts.list().some((s) => s.id === id);
  }

  /** Creates a script in the writable folder; 409 ERR_SCRIPT_EXISTS if the id is taken. */
  async create(s: NewScript): Promise<ScriptStatus> {
    const title = s.title?.replace(/\s+/g, ' ').trim().slice(0, 200) ?? '';
    let code = s.code;
    if (title && !parseScriptHeader(code, '').title) code = `// ${title}\n${code}`;
    const id = checkScriptId(s.id ?? idFromTitle(title || parseScriptHeader(code, 'script').title));
    if (this.exists(id)) throw new ApiError(409, 'ERR_SCRIPT_EXISTS', `a script "${id}" already exists; save it with PUT /api/scripts/${encodeURIComponent(id)} or choose another id`);
    await this.node.scriptFolder.put(id, code);
    await this.until(() => this.exists(id) && this.node.scripts.script(id).code === code, id);
    await this.node.scripts.idle();
    return this.node.scripts.get(id);
  }

  /** Saves new code (hot reload). Throws 422 when the new version does not load. */
  async save(id: string, code: string): Promise<ScriptStatus> {
    this.writable(id);
    const unchanged = this.node.scripts.script(id).code === code;
    await this.node.scriptFolder.put(id, code);
    if (unchanged) await this.node.scripts.reload(id);
    else await this.until(() => this.node.scripts.script(id).code === code, id);
    await this.node.scripts.idle();
    const st = this.node.scripts.get(id);
    const reason = st.loadError ?? (st.state === 'failed' ? st.reason : undefined);
    if (reason) throw loadFailure(reason);
    return st;
  }

  async remove(id: string): Promise<void> {
    this.writable(id);
    await this.node.scriptFolder.delete(id);
    await this.until(() => !this.exists(id), id);
    await this.node.scripts.idle();
  }

  private writable(id: string): void {
    const st = this.node.scripts.get(id);
    if (st.id !== id) throw new ApiError(404, 'ERR_SCRIPT_NOT_FOUND', `no script with id "${id}" (use the id, not the title, to change a script)`);
    if (st.store !== this.node.scriptFolder.name) {
      throw new ApiError(409, 'ERR_SCRIPT_READ_ONLY', `script "${id}" comes from ${st.store}, which the dashboard does not write; edit it there`);
    }
  }

  private async until(done: () => boolean, id: string): Promise<void> {
    const deadline = Date.now() + SAVE_TIMEOUT_MS;
    while (!done()) {
      if (Date.now() > deadline) {
        throw new ApiError(504, 'ERR_SCRIPT_SAVE_TIMEOUT', `"${id}" was written to ${this.node.scriptFolder.dir} but the script manager did not pick it up within ${SAVE_TIMEOUT_MS / 1000} s; check that the folder is readable and watched`);
      }
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
}
