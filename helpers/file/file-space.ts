/**
 * The files scripts see: the node's data directory with its path rules (safe-path.ts) and
 * its disk quota (disk-quota.ts). One per node, as the op service `files`; created from
 * the config on first use (`fileSpaceOf`), so offline runs and tests get one too.
 *
 * Other helpers that take a script path (pcap.*, vendor.slackBot files, vendor.s3.put)
 * use `fileSpaceOf(ctx).resolve(p)` — or `resolveDataPath(dataDir, p)` directly — and
 * return paths with `relative(abs)`, so every helper speaks the same paths.
 */
import path from 'node:path';
import type { OpContext } from '../define-op.ts';
import { DiskQuota } from './disk-quota.ts';
import { realDataDir, resolveDataPath, toDataPath, type ResolveOptions } from './safe-path.ts';

declare module '../define-op.ts' {
  interface OpServices {
    /** The data directory as scripts see it (helpers/file/file-space.ts). */
    files: FileSpace;
  }
}

export interface FileSpaceOptions {
  dataDir: string;
  /** Quota of script-visible files, bytes (config storage.limitMb). */
  limitBytes: number;
  /** See DiskQuotaOptions.rescanMs. */
  rescanMs?: number;
}

export class FileSpace {
  readonly dataDir: string;
  private state: Promise<{ root: string; quota: DiskQuota }> | null = null;

  constructor(private readonly o: FileSpaceOptions) {
    this.dataDir = path.resolve(o.dataDir);
  }

  private ready(): Promise<{ root: string; quota: DiskQuota }> {
    this.state ??= realDataDir(this.dataDir).then((root) => ({ root, quota: new DiskQuota({ root, limitBytes: this.o.limitBytes, rescanMs: this.o.rescanMs }) }));
    return this.state;
  }

  /** The data dir's real path (created if missing). */
  async root(): Promise<string> {
    return (await this.ready()).root;
  }

  /** Checked absolute path of script path `p` (throws FilePathError). */
  resolve(p: string, o?: ResolveOptions): Promise<string> {
    return resolveDataPath(this.dataDir, p, o);
  }

  /** Script-facing path of an absolute path inside the data dir. */
  async relative(abs: string): Promise<string> {
    return toDataPath(await this.root(), abs);
  }

  /** Throws QuotaError (ERR_FILE_QUOTA) if `bytes` more would exceed the quota. */
  async ensureSpace(op: string, bytes: number): Promise<void> {
    await (await this.ready()).quota.ensure(op, bytes);
  }

  /** A helper added (or with a negative value, freed) `delta` bytes. */
  async noteWritten(delta: number): Promise<void> {
    (await this.ready()).quota.note(delta);
  }

  /** Bytes counted against the quota now (measured). */
  async usage(): Promise<number> {
    return (await this.ready()).quota.usage();
  }
}

/** The calling node's FileSpace (created from the config on first use). */
export function fileSpaceOf(ctx: Pick<OpContext, 'services' | 'config'>): FileSpace {
  ctx.services.files ??= new FileSpace({ dataDir: ctx.config.dataDir, limitBytes: ctx.config.storage.limitMb * 1024 * 1024 });
  return ctx.services.files;
}
