/**
 * The traffic table's rows: a bounded deque, newest first, fed from both ends — live rows
 * (WebSocket) at the newest end, history pages (`/api/items`, newest first) at the oldest
 * end — without duplicates. When full, live rows evict the oldest; history stops loading.
 * While paused, live rows wait in a bounded side queue and are shown on resume.
 * Pure data structure: O(1) per row, no copying of the whole table per batch.
 */
import type { ItemRow } from '../api/types.ts';

export class RowBuffer {
  private ring: (ItemRow | undefined)[];
  /** Index of the newest row. */
  private head = 0;
  private count = 0;
  private readonly ids = new Set<string>();
  private pending: ItemRow[] = [];
  paused = false;
  /** Live rows lost while paused because the side queue was full. */
  pausedOverflow = 0;
  /** Bumped on every change (for cheap re-render checks). */
  version = 0;
  /** Rows ever added at the newest end (a table keeps its scroll anchor with the delta). */
  prepended = 0;

  constructor(readonly capacity = 20_000) {
    this.ring = new Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  get pendingCount(): number {
    return this.pending.length;
  }

  /** Full: history cannot be appended any more. */
  get full(): boolean {
    return this.count === this.capacity;
  }

  /** The i-th newest row (0 = newest). */
  at(i: number): ItemRow | undefined {
    if (i < 0 || i >= this.count) return undefined;
    return this.ring[(this.head + i) % this.capacity];
  }

  has(id: string): boolean {
    return this.ids.has(id);
  }

  indexOf(id: string): number {
    if (!this.ids.has(id)) return -1;
    for (let i = 0; i < this.count; i++) if (this.at(i)!.id === id) return i;
    return -1;
  }

  /** Live rows; a batch is placed in time order (oldest first) so the newest ends on top. */
  addLive(rows: readonly ItemRow[]): number {
    if (this.paused) {
      for (const r of rows) {
        if (this.pending.length < this.capacity) this.pending.push(r);
        else this.pausedOverflow++;
      }
      return 0;
    }
    const sorted = rows.length > 1 ? [...rows].sort((a, b) => a.timestamp - b.timestamp) : rows;
    let added = 0;
    for (const r of sorted) if (this.pushNewest(r)) added++;
    if (added) this.version++;
    return added;
  }

  /** A history page (newest first), appended after the oldest row. Returns rows added. */
  addOlder(rows: readonly ItemRow[]): number {
    let added = 0;
    for (const r of rows) {
      if (this.count === this.capacity) break;
      if (this.ids.has(r.id)) continue;
      this.ring[(this.head + this.count) % this.capacity] = r;
      this.count++;
      this.ids.add(r.id);
      added++;
    }
    if (added) this.version++;
    return added;
  }

  pause(): void {
    this.paused = true;
  }

  /** Show what arrived while paused. Returns rows added. */
  resume(): number {
    this.paused = false;
    const p = this.pending;
    this.pending = [];
    return this.addLive(p);
  }

  /** Update a row in place (e.g. passed/failed after the detail fired onItemQueried). */
  patch(id: string, change: Partial<ItemRow>): boolean {
    const i = this.indexOf(id);
    if (i < 0) return false;
    const k = (this.head + i) % this.capacity;
    this.ring[k] = { ...this.ring[k]!, ...change };
    this.version++;
    return true;
  }

  clear(): void {
    this.ring = new Array(this.capacity);
    this.head = 0;
    this.count = 0;
    this.ids.clear();
    this.pending = [];
    this.pausedOverflow = 0;
    this.version++;
  }

  private pushNewest(r: ItemRow): boolean {
    if (this.ids.has(r.id)) return false;
    if (this.count === this.capacity) {
      const oldest = this.ring[(this.head + this.count - 1) % this.capacity];
      if (oldest) this.ids.delete(oldest.id);
      this.count--;
    }
    this.head = (this.head - 1 + this.capacity) % this.capacity;
    this.ring[this.head] = r;
    this.count++;
    this.ids.add(r.id);
    this.prepended++;
    return true;
  }
}
