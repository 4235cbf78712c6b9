/**
 * An item opened in the dashboard goes through `onItemQueried` of every script defining it
 * (SCRIPT-API.md §2), in load order, with the semantics of `Dispatcher.queryItem`: an object
 * a script returns replaces the item for the next script and for the viewer. Here each
 * script's outcome is kept too, so the detail view can say which script passed or failed it.
 */
import type { Item } from '../../capture/item.ts';
import type { Dispatcher } from '../dispatcher.ts';

export interface ScriptVerdict {
  script: string;
  title: string;
  /** The object the script returned had `passed` / `failed` set (test.pass / test.fail). */
  passed: boolean;
  failed: boolean;
  /** The script returned an object, which replaced the item. */
  replaced: boolean;
}

export interface QueriedItem {
  item: Item;
  scripts: ScriptVerdict[];
}

export async function queryItem(dispatcher: Dispatcher, item: Item): Promise<QueriedItem> {
  let current = item;
  let json = JSON.stringify(item);
  const scripts: ScriptVerdict[] = [];
  for (const sb of dispatcher.list().filter((s) => s.defines('onItemQueried'))) {
    const verdict: ScriptVerdict = { script: sb.id, title: sb.title, passed: false, failed: false, replaced: false };
    scripts.push(verdict);
    const r = await sb.invoke('onItemQueried', `[${json}]`);
    if (r === undefined) continue;
    let next: unknown;
    try {
      next = JSON.parse(r);
    } catch {
      continue;
    }
    if (next === null || typeof next !== 'object' || Array.isArray(next)) continue;
    const o = next as Item;
    verdict.replaced = true;
    verdict.passed = o.passed === true;
    verdict.failed = o.failed === true;
    current = o;
    json = r;
  }
  return { item: current, scripts };
}
