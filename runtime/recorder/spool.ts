/**
 * The upload spool (`<dataDir>/spool`): every archive waits here until its destination
 * confirmed it; nothing is lost to an outage or a restart.
 *
 * On disk, per entry: the archive `<file>` and its manifest `<file>.json` (destination,
 * object key, size, sha256, attempts, next attempt). Adding: the archive is built as
 * `<file>.partial`, the manifest written (atomically), then the archive renamed — so on
 * open, a manifest without its archive is an interrupted add (dropped) and a `.partial`
 * is debris (deleted). An entry leaves only after `BlobStore.put` resolved, which means
 * the store confirmed size and hash: the archive is deleted first, then the manifest.
 *
 * Uploads run one at a time, oldest first. A failure is retried after
 * `retryInitialMs · 2^(attempts−1)` (±20 % jitter), at most `retryMaxMs`; the attempt count
 * and the next time are persisted, so a restarted node resumes where this one stopped.
 * `maxBytes` bounds the spool: when `full`, the recorder stops collecting (its overflow
 * policy); the spool itself never deletes an unsent archive.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BlobStore, PutResult } from '../../capture/store/blob/blob-store.ts';
import type { DestinationSpec } from './recording-spec.ts';

export interface SpoolEntry {
  /** Archive file name inside the spool directory. */
  file: string;
  recording: string;
  destination: DestinationSpec;
  key: string;
  size: number;
  sha256: string;
  createdMs: number;
  attempts: number;
  nextAttemptMs: number;
  lastError: string;
}

export interface SpoolOptions {
  dir: string;
  maxBytes: number;
  retryInitialMs: number;
  retryMaxMs: number;
  storeFor(d: DestinationSpec): BlobStore;
  now?: () => number;
  random?: () => number;
  log?: (line: string) => void;
  /** An upload starts, failed (will be retried), or was confirmed (the local copy is gone). */
  onUploading?(e: SpoolEntry): void;
  onFailed?(e: SpoolEntry, err: Error): void;
  onUploaded?(e: SpoolEntry, r: PutResult): void;
}

export class SpoolStats {
  uploads = 0;
  uploadedBytes = 0;
  failures = 0;
  /** Archives deleted from the spool directory by someone else before their upload. */
  lost = 0;
}

async function sha256Of(file: string): Promise<{ sha256: string; size: number }> {
  const h = createHash('sha256');
  let size = 0;
  for await (const c of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    h.update(c as Buffer);
    size += (c as Buffer).length;
  }
  return { sha256: h.digest('hex'), size };
}

async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text, { mode: 0o600 });
  await rename(tmp, file);
}

export class Spool {
  readonly stats = new SpoolStats();
  private readonly entries = new Map<string, SpoolEntry>();
  /** Names handed out by uniqueName whose archive is still being built. */
  private readonly reserved = new Set<string>();
  private readonly now: () => number;
  private readonly random: () => number;
  private timer: NodeJS.Timeout | null = null;
  private uploading: Promise<void> | null = null;
  private closed = false;

  private constructor(private readonly o: SpoolOptions) {
    this.now = o.now ?? Date.now;
    this.random = o.random ?? Math.random;
  }

  /** Opens the spool directory, resuming every pending entry (due at once). */
  static async open(o: SpoolOptions): Promise<Spool> {
    const s = new Spool(o);
    await mkdir(o.dir, { recursive: true });
    const names = new Set(await readdir(o.dir));
    for (const f of names) {
      if (f.endsWith('.partial') || f.endsWith('.tmp')) await rm(path.join(o.dir, f), { force: true });
      if (!f.endsWith('.json') || !names.has(f.slice(0, -5))) {
        if (f.endsWith('.tar.gz.json')) {
          o.log?.(`wirehook: spool: ${f} describes an archive that was never completed; dropped`);
          await unlink(path.join(o.dir, f)).catch(() => undefined);
        }
        continue;
      }
      try {
        const e = JSON.parse(await readFile(path.join(o.dir, f), 'utf8')) as SpoolEntry;
        e.nextAttemptMs = Math.min(e.nextAttemptMs, s.now());
        s.entries.set(e.file, e);
      } catch (err) {
        o.log?.(`wirehook: spool: cannot read ${f} (${(err as Error).message}); its archive stays in ${o.dir}`);
      }
    }
    if (s.entries.size) o.log?.(`wirehook: spool: resuming ${s.entries.size} pending upload(s)`);
    s.pump();
    return s;
  }

  get usedBytes(): number {
    let n = 0;
    for (const e of this.entries.values()) n += e.size;
    return n;
  }

  get full(): boolean {
    return this.usedBytes >= this.o.maxBytes;
  }

  list(): SpoolEntry[] {
    return [...this.entries.values()].sort((a, b) => a.createdMs - b.createdMs || (a.file < b.file ? -1 : 1));
  }

  get(file: string): SpoolEntry | undefined {
    return this.entries.get(file);
  }

  /** Absolute path of a spool file. */
  path(file: string): string {
    return path.join(this.o.dir, file);
  }

  /** A file name not used in the spool nor `taken`: `base`, else `stem-1.tar.gz` … */
  uniqueName(base: string, taken: (file: string) => boolean = () => false): string {
    const stem = base.replace(/\.tar\.gz$/, '');
    for (let n = 0; ; n++) {
      const f = n === 0 ? base : `${stem}-${n}.tar.gz`;
      if (!this.entries.has(f) && !this.reserved.has(f) && !taken(f)) {
        this.reserved.add(f);
        return f;
      }
    }
  }

  /**
   * Adds the archive built at `path(file) + '.partial'` (name from uniqueName) for upload
   * to `destination` as `key`. Resolves once it is safely in the spool.
   */
  async add(file: string, recording: string, destination: DestinationSpec, key: string): Promise<SpoolEntry> {
    const partial = this.path(file) + '.partial';
    const { sha256, size } = await sha256Of(partial);
    const e: SpoolEntry = { file, recording, destination, key, size, sha256, createdMs: this.now(), attempts: 0, nextAttemptMs: this.now(), lastError: '' };
    await writeAtomic(this.path(file) + '.json', JSON.stringify(e));
    await rename(partial, this.path(file));
    this.reserved.delete(file);
    this.entries.set(file, e);
    // After the caller's continuation: it records the archive before upload events about it arrive.
    setImmediate(() => this.pump());
    return e;
  }

  /** Stops scheduling; waits up to `waitMs` for an upload in flight (its entry stays pending if it does not finish). */
  async close(waitMs = 5000): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.uploading) await Promise.race([this.uploading, new Promise((r) => setTimeout(r, waitMs).unref())]);
  }

  /** Starts the next due upload, or sets a timer for the earliest retry. */
  private pump(): void {
    if (this.closed || this.uploading) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const now = this.now();
    const list = this.list();
    const due = list.find((e) => e.nextAttemptMs <= now);
    if (due) {
      this.uploading = this.upload(due).finally(() => {
        this.uploading = null;
        this.pump();
      });
      return;
    }
    if (list.length === 0) return;
    const next = Math.min(...list.map((e) => e.nextAttemptMs));
    this.timer = setTimeout(() => this.pump(), Math.max(10, next - now));
  }

  private async upload(e: SpoolEntry): Promise<void> {
    const file = this.path(e.file);
    this.o.onUploading?.(e);
    try {
      const st = await stat(file);
      if (st.size !== e.size) throw new Error(`the spooled archive is ${st.size} bytes, ${e.size} were recorded: it was changed on disk`);
      const res = await this.o.storeFor(e.destination).put(e.key, { file }, { contentType: 'application/gzip' });
      if (res.size !== e.size) throw new Error(`the store confirmed ${res.size} bytes of ${e.size}`);
      await unlink(file);
      await unlink(file + '.json');
      this.entries.delete(e.file);
      this.stats.uploads++;
      this.stats.uploadedBytes += e.size;
      this.o.onUploaded?.(e, res);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !(await stat(file).then(() => true, () => false))) {
        this.o.log?.(`wirehook: spool: ${e.file} was deleted from ${this.o.dir} before it could be uploaded; dropping its manifest`);
        this.entries.delete(e.file);
        this.stats.lost++;
        await unlink(file + '.json').catch(() => undefined);
        return;
      }
      e.attempts++;
      const delay = Math.min(this.o.retryMaxMs, this.o.retryInitialMs * 2 ** Math.min(30, e.attempts - 1));
      e.nextAttemptMs = this.now() + Math.round(delay * (0.8 + 0.4 * this.random()));
      e.lastError = (err as Error).message;
      this.stats.failures++;
      this.o.onFailed?.(e, err as Error);
      if (e.attempts === 1 || e.attempts % 10 === 0) {
        this.o.log?.(`wirehook: spool: uploading ${e.file} failed (attempt ${e.attempts}, next in ${Math.round(delay / 1000)} s): ${e.lastError}`);
      }
      await writeAtomic(file + '.json', JSON.stringify(e)).catch(() => undefined);
    }
  }
}
