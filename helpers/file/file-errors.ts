/**
 * Turns what a file helper ran into (path rule, quota, file-system error) into the error
 * the script sees: `<op>: <what went wrong>` with paths as the script wrote them (never the
 * host's absolute paths). The stable code stays on the error (ERR_FILE_PATH, ERR_FILE_ESCAPE,
 * ERR_FILE_RESERVED, ERR_FILE_QUOTA, ERR_FILE_IO).
 */
import path from 'node:path';
import { QuotaError } from './disk-quota.ts';
import { FilePathError } from './safe-path.ts';

export class FileOpError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

const REASONS: Record<string, string> = {
  ENOENT: 'does not exist',
  EEXIST: 'already exists',
  ENOTDIR: 'has a part that is not a directory',
  EISDIR: 'is a directory',
  ENOTEMPTY: 'is a directory that is not empty',
  EINVAL: 'cannot be moved or copied into itself',
  ENOSPC: 'cannot be written: the disk is full',
  EACCES: 'is not accessible to the node',
  EPERM: 'is not accessible to the node',
};

/** `root` (the data dir's real path) is cut from paths in messages. */
export function fileOpError(op: string, e: unknown, root: string | null): Error {
  if (e instanceof FileOpError) return e;
  if (e instanceof QuotaError) return new FileOpError(e.code, e.message);
  if (e instanceof FilePathError) return new FileOpError(e.code, `${op}: ${e.message}`);
  const err = e as NodeJS.ErrnoException;
  if (typeof err?.code === 'string' && err.code.startsWith('E')) {
    const p = typeof err.path === 'string' ? (root ? path.relative(root, err.path).split(path.sep).join('/') : path.basename(err.path)) : '';
    const reason = REASONS[err.code] ?? `failed (${err.code})`;
    return new FileOpError('ERR_FILE_IO', `${op}: ${p ? JSON.stringify(p) : 'the path'} ${reason}`);
  }
  return new FileOpError('ERR_FILE_IO', `${op}: ${err instanceof Error ? err.message : String(e)}`);
}
