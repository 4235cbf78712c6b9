/**
 * The hub's script set as workers receive it: in cluster mode the hub is the source of
 * truth, so workers run exactly the hub's ACTIVE scripts (whatever their state on the hub)
 * with the hub's `scripting.env`. `changed()` is polled by the hub feature; it compares
 * ids, code and env with the last message sent, so an unchanged set costs a few string
 * comparisons (identical strings compare by reference).
 */
import type { JsonValue } from '../../helpers/define-op.ts';
import type { WirehookNode } from '../roles/node.ts';
import type { ScriptsMessage } from './protocol.ts';

export class HubScripts {
  private last: ScriptsMessage | null = null;
  private lastEnv = '';
  /** Ids of the scripts last sent (console lines from workers are accepted for these only). */
  readonly ids = new Set<string>();

  constructor(private readonly node: WirehookNode) {}

  /** The current set (also remembered as the last one sent). */
  current(): ScriptsMessage {
    return this.last ?? this.changed() ?? this.last!;
  }

  /** The current set if it differs from the last one returned, else null. */
  changed(): ScriptsMessage | null {
    const scripts: { id: string; code: string }[] = [];
    for (const s of this.node.scripts.list()) {
      if (s.active) scripts.push({ id: s.id, code: this.node.scripts.script(s.id).code });
    }
    const env = this.node.config.scripting.env as Record<string, JsonValue>;
    const envText = JSON.stringify(env);
    const prev = this.last;
    if (prev && envText === this.lastEnv && sameScripts(prev.scripts, scripts)) return null;
    this.last = { t: 'scripts', scripts, env };
    this.lastEnv = envText;
    for (const s of scripts) this.ids.add(s.id);
    return this.last;
  }
}

function sameScripts(a: { id: string; code: string }[], b: { id: string; code: string }[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i].id !== b[i].id || a[i].code !== b[i].code) return false;
  return true;
}
