/**
 * Disk quota of the files scripts write (config `storage.limitMb`): the bytes of every file
 * under the data dir except the node's internal entries (INTERNAL_ENTRIES: the stream store,
 * spool, item store and script folder have their own bounds). A write that would take the
 * total over the limit fails with ERR_FILE_QUOTA.
 *
 * The total is measured by walking the tree (lstat sizes; symlinks are not followed) and
 * then tracked from the writes helpers report; it is measured again when older than
 * `rescanMs` (other writers, e.g. pcap.path, add files too) and before refusing a write,
 * so a refusal is always based on a fresh count.
 */
import { lstat, readdir } from 'node:fs/promises';
import path from 'node:path';
import { INTERNAL_ENTRIES } from './safe-path.ts';

export class QuotaError extends Error {
  readonly code = 'ERR_FILE_QUOTA';
}

export interface DiskQuotaOptions {
  /** Absolute real path of the data dir. */
  root: string;
  limitBytes: number;
  /** Re-measure when the last measurement is older than this, ms. Default 10 000. */
  rescanMs?: number;
}

const MB = 1024 * 1024;

function sizeText(n: number): string {
  return n >= MB ? `${(n / MB).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} kB` : `${n} bytes`;
}

/** Bytes of the files under `dir` (recursive, symlinks not followed); `skip` = top-level names to leave out. */
export async function treeBytes(dir: string, skip: readonly string[] = []): Promise<number> {
  let total = 0;
  let entries;
  try {
    entries = await readdir(dir, { withFileTypes: true });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw e;
  }
  for (const e of entries) {
    if (skip.includes(e.name)) continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) total += await treeBytes(p);
    else {
      try {
        total += (await lstat(p)).size;
      } catch {
        // Removed while walking.
      }
    }
  }
  return total;
}

export class DiskQuota {
  readonly limitBytes: number;
  private used = 0;
  private measuredAt = -Infinity;
  private measuring: Promise<number> | null = null;
  private readonly rescanMs: number;

  constructor(private readonly o: DiskQuotaOptions) {
    this.limitBytes = o.limitBytes;
    this.rescanMs = o.rescanMs ?? 10_000;
  }

  /** Bytes in use now (measured). */
  async usage(): Promise<number> {
    this.measuring ??= treeBytes(this.o.root, INTERNAL_ENTRIES).then(
      (n) => {
        this.used = n;
        this.measuredAt = Date.now();
        this.measuring = null;
        return n;
      },
      (e) => {
        this.measuring = null;
        throw e;
      },
    );
    return this.measuring;
  }

  /** Throws QuotaError if `addBytes` more would exceed the limit. `op` prefixes the message. */
  async ensure(op: string, addBytes: number): Promise<void> {
    if (addBytes <= 0) return;
    let fresh = false;
    if (Date.now() - this.measuredAt > this.rescanMs) {
      await this.usage();
      fresh = true;
    }
    if (this.used + addBytes <= this.limitBytes) return;
    if (!fresh) await this.usage();
    if (this.used + addBytes <= this.limitBytes) return;
    throw new QuotaError(
      `${op}: the data directory's files use ${sizeText(this.used)} of ${sizeText(this.limitBytes)} (storage.limitMb); ` +
        `${sizeText(addBytes)} more would exceed it — delete files (file.delete) or raise storage.limitMb`,
    );
  }

  /** A helper changed the total by `delta` bytes (negative for deletions). */
  note(delta: number): void {
    this.used = Math.max(0, this.used + delta);
  }
}
