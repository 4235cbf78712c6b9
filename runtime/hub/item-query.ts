/**
 * Queries of the item store: newest first over store seqs (`before` is exclusive), so a
 * cursor stays valid while new items arrive — new items get higher seqs. Memory is scanned
 * first, then the on-disk segments (those whose seq range is older than memory and whose
 * time range meets the window), newest first. A query stops at `limit` matches or after
 * examining `maxScan` items and returns `next` (continue with `before: next`); `next` is
 * null when nothing older is left. The window is checked before the filter (and before a
 * disk line is parsed).
 */
import type { Item } from '../../capture/item.ts';
import type { CompiledFilter } from '../../capture/kfl/index.ts';
import type { ItemRing } from './item-ring.ts';
import type { ItemSegments } from './item-segments.ts';
import { lineSeq, lineTs } from './segment-line.ts';

export interface ItemQuery {
  filter?: CompiledFilter | null;
  /** Item timestamp window, epoch ms, inclusive. */
  from?: number | null;
  to?: number | null;
  limit: number;
  /** Only items with a smaller seq (a previous page's `next`). */
  before?: number | null;
  /** Items examined before the query returns early with `next`. Default 100 000. */
  maxScan?: number;
}

export interface StoredItem {
  seq: number;
  item: Item;
}

export interface ItemPage {
  items: StoredItem[];
  next: number | null;
  scanned: number;
}

export interface QuerySources {
  ring: ItemRing;
  segments: ItemSegments | null;
  /** A disk line's item (undefined and counted when damaged). */
  parse(line: string): Item | undefined;
}

const DEFAULT_MAX_SCAN = 100_000;

export async function queryItems(src: QuerySources, q: ItemQuery): Promise<ItemPage> {
  const limit = Math.max(1, q.limit);
  const maxScan = Math.max(1, q.maxScan ?? DEFAULT_MAX_SCAN);
  const from = q.from ?? -Infinity;
  const to = q.to ?? Infinity;
  const filter = q.filter ?? null;
  const out: StoredItem[] = [];
  let scanned = 0;
  const ring = src.ring;
  const before = q.before ?? Infinity;
  for (let seq = Math.min(before, ring.nextSeq) - 1; seq >= ring.firstSeq; seq--) {
    const e = ring.at(seq)!;
    scanned++;
    if (e.ts >= from && e.ts <= to && (filter === null || filter.match(e.item))) {
      out.push({ seq, item: e.item });
      if (out.length >= limit) return { items: out, next: seq, scanned };
    }
    if (scanned >= maxScan) return { items: out, next: seq, scanned };
  }
  const bound = Math.min(before, ring.firstSeq);
  for (const seg of src.segments?.newestFirst() ?? []) {
    if (seg.first >= bound || seg.maxTs < from || seg.minTs > to) continue;
    const lines = await src.segments!.lines(seg);
    for (let i = lines.length - 1; i >= 0; i--) {
      const seq = lineSeq(lines[i]);
      if (!(seq < bound)) continue;
      scanned++;
      const ts = lineTs(lines[i]);
      if (ts >= from && ts <= to) {
        const item = src.parse(lines[i]);
        if (item && (filter === null || filter.match(item))) {
          out.push({ seq, item });
          if (out.length >= limit) return { items: out, next: seq, scanned };
        }
      }
      if (scanned >= maxScan) return { items: out, next: seq, scanned };
    }
  }
  return { items: out, next: null, scanned };
}
