/**
 * An item's JSON text, computed at most once. Several consumers need it (the scripts'
 * dispatcher, the item store's segments, the recorder, the hub uplink); the first call
 * serialises and remembers the text on the item under a non-enumerable symbol (invisible
 * to JSON.stringify, structured clone, spreads and enumeration). Items are immutable once published
 * on the bus, which is what makes the cache valid; code that changes an item afterwards
 * must call `forgetItemJson`.
 */
import type { Item } from './item.ts';

const TEXT: unique symbol = Symbol('wirehook.itemJson');

type Cached = { [TEXT]?: string };

export function itemJson(item: Item | Record<string, unknown>): string {
  const cached = (item as Cached)[TEXT];
  if (cached !== undefined) return cached;
  const text = JSON.stringify(item);
  rememberItemJson(item, text);
  return text;
}

/**
 * Remember `text` as the JSON of `item` (it must be exactly that, e.g. the line it was
 * parsed from). Non-enumerable, so spreads and deep comparisons don't carry it along.
 */
export function rememberItemJson(item: object, text: string): void {
  Object.defineProperty(item, TEXT, { value: text, writable: true, configurable: true, enumerable: false });
}

export function forgetItemJson(item: object): void {
  delete (item as Cached)[TEXT];
}
