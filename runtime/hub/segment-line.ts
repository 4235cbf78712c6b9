/**
 * One stored item on disk: `<seq>\t<timestamp>\t<item JSON>\n`. Seq and timestamp come first
 * so a scan can skip lines by seq and time window without parsing the item. JSON never
 * holds a raw tab or newline, so the format needs no escaping.
 */
import type { Item } from '../../capture/item.ts';
import { itemJson as cachedItemJson } from '../../capture/item-json.ts';

/** JSON of an item, or null when it cannot be serialised (a cycle, a BigInt: not an item). */
export function itemJson(item: Item): string | null {
  try {
    return cachedItemJson(item) ?? null;
  } catch {
    return null;
  }
}

export function formatLine(seq: number, ts: number, json: string): string {
  return `${seq}\t${ts}\t${json}\n`;
}

export function lineSeq(line: string): number {
  return Number(line.slice(0, line.indexOf('\t')));
}

export function lineTs(line: string): number {
  const a = line.indexOf('\t') + 1;
  return Number(line.slice(a, line.indexOf('\t', a)));
}

/** The item of a line, or undefined when the line is damaged. */
export function lineItem(line: string): Item | undefined {
  try {
    const v: unknown = JSON.parse(line.slice(line.indexOf('\t', line.indexOf('\t') + 1) + 1));
    return v !== null && typeof v === 'object' ? (v as Item) : undefined;
  } catch {
    return undefined;
  }
}
