/**
 * What one open recording window has collected since its last cut: matching items as
 * NDJSON in `<work>/part-<n>/items.ndjson` (serialised once, buffered, appended — never
 * held in memory) and the streams those items belong to, with how many of each stream's
 * packets earlier cuts already archived (stream-store absolute numbers), so a stream that
 * spans cuts is archived once, in pieces.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { AppendFile } from '../../capture/store/append-file.ts';
import type { Item } from '../../capture/item.ts';
import { itemJson } from '../../capture/item-json.ts';

const FLUSH_CHARS = 64 * 1024;

/** One cut's share of the collection. */
export interface CutBatch {
  /** Folder holding items.ndjson (and, once archived, the other archive members). */
  dir: string;
  items: number;
  /** First / last item arrival (epoch ms), 0 when none. */
  firstMs: number;
  lastMs: number;
  /** Streams to archive from packet `from` on. */
  streams: { name: string; from: number }[];
  /** Resolves when items.ndjson is complete. */
  closed: Promise<void>;
}

export class WindowCollector {
  /** Items in the current part. */
  items = 0;
  /** stream → packets already archived by earlier cuts. */
  readonly streams = new Map<string, number>();
  private part = -1;
  private dir = '';
  private file: AppendFile | null = null;
  private pending = '';
  private firstMs = 0;
  private lastMs = 0;

  constructor(readonly root: string) {
    this.next();
  }

  add(item: Item, nowMs: number): void {
    this.pending += itemJson(item) + '\n';
    if (this.pending.length >= FLUSH_CHARS) this.flush();
    if (this.items++ === 0) this.firstMs = nowMs;
    this.lastMs = nowMs;
    if (!this.streams.has(item.stream)) this.streams.set(item.stream, 0);
  }

  /** Closes the current part and hands it over; unless `final`, collection goes on in a new part. */
  cut(final: boolean): CutBatch {
    this.flush();
    const closed = this.file!.close();
    closed.catch(() => undefined);
    const batch: CutBatch = {
      dir: this.dir,
      items: this.items,
      firstMs: this.firstMs,
      lastMs: this.lastMs,
      streams: [...this.streams].map(([name, from]) => ({ name, from })),
      closed,
    };
    if (final) this.file = null;
    else this.next();
    return batch;
  }

  /** Remove the working folder (after the last cut was archived). */
  async dispose(): Promise<void> {
    this.file?.destroy();
    await rm(this.root, { recursive: true, force: true });
  }

  private flush(): void {
    if (this.pending === '' || !this.file) return;
    this.file.write(Buffer.from(this.pending));
    this.pending = '';
  }

  private next(): void {
    this.part++;
    this.dir = path.join(this.root, `part-${this.part}`);
    rmSync(this.dir, { recursive: true, force: true });
    mkdirSync(this.dir, { recursive: true });
    this.file = new AppendFile(path.join(this.dir, 'items.ndjson'));
    this.file.on('error', () => undefined);
    this.items = 0;
    this.firstMs = 0;
    this.lastMs = 0;
  }
}
