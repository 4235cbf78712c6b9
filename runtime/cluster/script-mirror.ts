/**
 * A worker's copy of the hub's script set (hub-scripts.ts). The worker node loads scripts
 * from a MemoryStore (besides its own folders); `apply` makes that store equal to the
 * hub's set — scripts gone from the hub are removed, new or changed ones put (the manager
 * hot-reloads them; unchanged code is not touched) — and installs the hub's env. When the
 * env changed, every active script that was not just re-put reloads so it sees the new
 * values. Applies are serialised in arrival order.
 */
import type { JsonValue } from '../../helpers/define-op.ts';
import type { MemoryStore } from '../../scripts/memory-store.ts';
import type { WirehookNode } from '../roles/node.ts';
import type { ScriptsMessage } from './protocol.ts';

export class ScriptMirror {
  private chain: Promise<void> = Promise.resolve();
  /** Applies finished (for stats and tests). */
  applied = 0;

  constructor(
    readonly store: MemoryStore,
    private readonly node: WirehookNode,
  ) {}

  apply(m: ScriptsMessage): Promise<void> {
    this.chain = this.chain.then(() => this.run(m)).catch((e: Error) => this.node.log(`wirehook: applying the hub's scripts failed: ${e.message}`));
    return this.chain;
  }

  private async run(m: ScriptsMessage): Promise<void> {
    const cfg = this.node.config.scripting;
    const envChanged = JSON.stringify(cfg.env) !== JSON.stringify(m.env);
    if (envChanged) cfg.env = m.env as Record<string, JsonValue>;
    const have = new Map((await this.store.list()).map((f) => [f.id, f.code]));
    const want = new Map(m.scripts.map((s) => [s.id, s.code]));
    for (const id of have.keys()) if (!want.has(id)) await this.store.delete(id);
    const put = new Set<string>();
    for (const [id, code] of want) {
      if (have.get(id) === code) continue;
      try {
        await this.store.put(id, code);
        put.add(id);
      } catch (e) {
        this.node.log(`wirehook: script ${JSON.stringify(id)} from the hub not applied: ${(e as Error).message}`);
      }
    }
    if (envChanged) {
      for (const s of this.node.scripts.list()) if (s.active && !put.has(s.id)) await this.node.scripts.reload(s.id);
    }
    await this.node.scripts.idle();
    this.applied++;
  }
}
