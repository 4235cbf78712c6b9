/**
 * Turns a recording's cut into an archive in the spool (archive.ts builds it; the spool
 * uploads it) and records it in the recording's history; also archives what a crashed node
 * left in the working folders. Errors are logged and counted, never thrown: a failed cut
 * loses that cut's archive, not the recording.
 */
import { readdir, readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import type { NameHistory } from '../../capture/store/dns-name-history.ts';
import type { StreamSlice, StreamStore } from '../../capture/store/stream-store.ts';
import { writeArchive } from './archive.ts';
import type { Destinations } from './destinations.ts';
import type { RecorderStats } from './recorder-stats.ts';
import type { Window } from './recording-spec.ts';
import type { ArchiveRecord, CutReason, RecordingRun } from './recording-run.ts';
import type { Spool } from './spool.ts';
import type { CutBatch, WindowCollector } from './window-collector.ts';

export interface ArchiverOptions {
  spool: Spool;
  destinations: Destinations;
  store: StreamStore | null;
  history: () => NameHistory | undefined;
  node: { name: string; ip: string };
  stats: RecorderStats;
  log: (line: string) => void;
  now: () => number;
  /** Persist the recorder state (an archive was added). */
  saved: () => Promise<void>;
}

export class Archiver {
  constructor(private readonly o: ArchiverOptions) {}

  /**
   * Builds and spools the archive of a cut made at `now` (null when the cut holds nothing);
   * the cut's working folder is removed either way, and the window's collector when `done`.
   */
  async archive(run: RecordingRun, batch: CutBatch, slices: StreamSlice[], reason: CutReason, window: Window, now: number, done: WindowCollector | null): Promise<ArchiveRecord | null> {
    try {
      if (batch.items === 0 && slices.length === 0) return null;
      // Unique in the recording's history too: an uploaded archive of the same second must not be overwritten.
      const file = this.o.spool.uniqueName(`${run.spec.name}_wirehook_${Math.floor(now / 1000)}.tar.gz`, (f) => run.archives.some((a) => a.file === f));
      const meta = { recording: run.spec.name, filter: run.spec.filter, node: this.o.node, window, cutMs: now, reason, firstItemMs: batch.firstMs, lastItemMs: batch.lastMs };
      const res = await writeArchive({ batch, store: this.o.store, slices, history: this.o.history()?.snapshot() ?? {}, meta, out: this.o.spool.path(file) + '.partial' });
      const destination = run.spec.destination;
      const key = this.o.destinations.keyFor(destination, file);
      const e = await this.o.spool.add(file, run.spec.name, destination, key);
      const a: ArchiveRecord = {
        file, reason, windowStart: window.start, windowEnd: window.end, items: batch.items, packets: res.packets, missingPackets: res.missingPackets,
        size: e.size, sha256: e.sha256, createdMs: e.createdMs, key, destination, state: 'spooled', attempts: 0, lastError: '', nextAttemptMs: 0, url: '', uploadedMs: 0,
      };
      run.addArchive(a);
      this.o.stats.archives++;
      this.o.stats.archiveBytes += e.size;
      await this.o.saved();
      return a;
    } catch (e) {
      this.o.stats.cutErrors++;
      this.o.log(`wirehook: recorder: archiving ${run.spec.name} (${reason}) failed: ${(e as Error).message}`);
      return null;
    } finally {
      await rm(batch.dir, { recursive: true, force: true });
      await done?.dispose();
    }
  }

  /**
   * Archive what a crashed node left in `workDir/<recording>/<window>/part-<n>/items.ndjson`
   * ("recovered": items only, the packets died with the stream store), then clear it.
   */
  async recover(workDir: string, runs: Map<string, RecordingRun>): Promise<void> {
    for (const name of await readdir(workDir).catch(() => [] as string[])) {
      const run = runs.get(name);
      const dir = path.join(workDir, name);
      for (const win of await readdir(dir).catch(() => [] as string[])) {
        for (const part of await readdir(path.join(dir, win)).catch(() => [] as string[])) {
          const partDir = path.join(dir, win, part);
          const text = await readFile(path.join(partDir, 'items.ndjson'), 'utf8').catch(() => '');
          const items = text.split('\n').filter(Boolean).length;
          if (items === 0) continue;
          if (!run) {
            this.o.log(`wirehook: recorder: ${items} items of a recording "${name}" that no longer exists were left in ${partDir}; removed`);
            continue;
          }
          const start = Number(win.split('-')[0]) || 0;
          const batch: CutBatch = { dir: partDir, items, firstMs: 0, lastMs: 0, streams: [], closed: Promise.resolve() };
          const a = await this.archive(run, batch, [], 'recovered', { start, end: start + run.spec.durationMs }, this.o.now(), null);
          if (a) this.o.log(`wirehook: recorder: recovered ${items} items of "${name}" left by an earlier run into ${a.file}`);
        }
      }
      await rm(dir, { recursive: true, force: true });
    }
  }
}
