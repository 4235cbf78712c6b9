/**
 * Paths scripts give to helpers (file.*, pcap.*, vendor.slackBot files, vendor.s3.put …)
 * are relative to the node's data directory (`node.dataDir`, config `dataDir`), written with
 * `/`. This module turns one into an absolute path that is guaranteed to lie inside it:
 *
 *  1. syntax — absolute paths (`/x`, `C:\x`, `\\host`), `..` segments and NUL bytes are
 *     refused (ERR_FILE_PATH); `.` and empty segments are dropped ("" and "." = the data dir);
 *  2. symlinks — the deepest existing ancestor of the path (the path itself if it exists) is
 *     resolved with realpath; if the result is outside the data dir's own realpath, or is a
 *     symlink that resolves nowhere, the path is refused (ERR_FILE_ESCAPE). The returned
 *     path is that real ancestor plus the not-yet-existing rest, so helpers act on what was
 *     checked. (A symlink swapped in between the check and the use is not defended against.)
 *  3. internal entries — the node's own files at the top of the data dir are off limits:
 *     `token` (the dashboard secret) for any access, and `scripts/`, `streams/`, `spool/`,
 *     `items/`, `recordings/` (script folder, stream store, upload spool, item store, local
 *     recordings) for changes (ERR_FILE_RESERVED). They stay readable, so their files can be
 *     copied or uploaded.
 */
import { lstat, mkdir, realpath } from 'node:fs/promises';
import path from 'node:path';

export type FilePathErrorCode = 'ERR_FILE_PATH' | 'ERR_FILE_ESCAPE' | 'ERR_FILE_RESERVED';

export class FilePathError extends Error {
  constructor(
    readonly code: FilePathErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Top-level entries of the data dir that scripts may read but never change. */
export const INTERNAL_ENTRIES: readonly string[] = ['token', 'scripts', 'streams', 'spool', 'items', 'recordings'];
/** Never readable by scripts: the dashboard token; the spool (recording destinations' credentials). */
export const SECRET_ENTRIES: readonly string[] = ['token', 'spool'];

/** 'read': the path is only read; 'write': it is created, changed or removed. */
export type PathAccess = 'read' | 'write';

export interface ResolveOptions {
  /** Default 'read'. */
  access?: PathAccess;
  /**
   * Default true. false: do not follow a symlink at the last component (only its parent is
   * resolved) — for removing the link itself.
   */
  followLast?: boolean;
}

/**
 * The normalised relative form of a script path ('' = the data dir itself), or
 * ERR_FILE_PATH. `what` names the argument in messages.
 */
export function normalizeDataPath(p: string, what = 'path'): string {
  if (typeof p !== 'string') throw new FilePathError('ERR_FILE_PATH', `${what} must be a string`);
  if (p.includes('\0')) throw new FilePathError('ERR_FILE_PATH', `${what} ${JSON.stringify(p)} contains a NUL byte`);
  if (path.isAbsolute(p) || /^[\\/]/.test(p) || /^[A-Za-z]:/.test(p)) {
    throw new FilePathError('ERR_FILE_PATH', `${what} ${JSON.stringify(p)} is absolute: paths are relative to the data directory, e.g. "reports/today.json"`);
  }
  const parts = p.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  if (parts.includes('..')) throw new FilePathError('ERR_FILE_PATH', `${what} ${JSON.stringify(p)} contains "..": paths must stay inside the data directory`);
  return parts.join('/');
}

function checkReserved(rel: string, access: PathAccess, shown: string): void {
  const top = rel.split('/')[0];
  if (SECRET_ENTRIES.includes(top)) throw new FilePathError('ERR_FILE_RESERVED', `${JSON.stringify(shown)} is the node's private ${top} file and cannot be used`);
  if (access === 'write' && INTERNAL_ENTRIES.includes(top)) {
    throw new FilePathError('ERR_FILE_RESERVED', `${JSON.stringify(shown)} is inside "${top}/", which the node manages; scripts may read it but not change it (copy it elsewhere first)`);
  }
}

const realRoots = new Map<string, Promise<string>>();

/** realpath of the data dir (created if missing), cached per directory. */
export function realDataDir(dataDir: string): Promise<string> {
  const key = path.resolve(dataDir);
  let p = realRoots.get(key);
  if (!p) {
    p = mkdir(key, { recursive: true }).then(() => realpath(key));
    p.catch(() => realRoots.delete(key));
    realRoots.set(key, p);
  }
  return p;
}

function inside(root: string, p: string): string | null {
  const rel = path.relative(root, p);
  if (rel === '') return '';
  if (rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join('/');
}

async function exists(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return false;
    throw e;
  }
}

/**
 * Absolute, checked path of script path `p` inside `dataDir` (see the module comment).
 * Throws FilePathError.
 */
export async function resolveDataPath(dataDir: string, p: string, o: ResolveOptions = {}): Promise<string> {
  const access = o.access ?? 'read';
  const rel = normalizeDataPath(p);
  checkReserved(rel, access, p);
  const root = await realDataDir(dataDir);
  const parts = rel === '' ? [] : rel.split('/');
  // With followLast false the last component is taken as is (not resolved).
  const keep = o.followLast === false && parts.length > 0 ? parts.pop()! : null;
  let existing = parts.length;
  while (existing > 0 && !(await exists(path.join(root, ...parts.slice(0, existing))))) existing--;
  let real: string;
  try {
    real = await realpath(path.join(root, ...parts.slice(0, existing)));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ELOOP') {
      throw new FilePathError('ERR_FILE_ESCAPE', `${JSON.stringify(p)} goes through a symbolic link that does not resolve`);
    }
    throw e;
  }
  const target = path.join(real, ...parts.slice(existing), ...(keep === null ? [] : [keep]));
  const relReal = inside(root, target);
  if (relReal === null) throw new FilePathError('ERR_FILE_ESCAPE', `${JSON.stringify(p)} leads outside the data directory through a symbolic link`);
  checkReserved(relReal, access, p);
  return target;
}

/** The script-facing (relative, `/`-separated) form of an absolute path inside `realRoot`. */
export function toDataPath(realRoot: string, abs: string): string {
  const rel = inside(realRoot, abs);
  if (rel === null) throw new FilePathError('ERR_FILE_ESCAPE', `${abs} is outside the data directory`);
  return rel;
}
