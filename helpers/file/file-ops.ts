/**
 * file.write / append / move / copy / delete / mkdir (SCRIPT-API.md §3). Paths are relative
 * to the node's data directory (rules in safe-path.ts); writes count against the quota
 * (disk-quota.ts). Helpers that create or change a path return its normalised relative
 * form, so `var p = file.write("out/a.json", text)` can be handed to other helpers.
 * Decided: content that is not a string is JSON-encoded; write and append create missing
 * parent directories; move and copy into an existing directory (or a path ending in "/")
 * keep the source's name.
 */
import { appendFile, cp, lstat, mkdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { any, args, str } from '../args.ts';
import { defineOp, type JsonValue, type OpContext } from '../define-op.ts';
import { treeBytes } from './disk-quota.ts';
import { fileOpError, FileOpError } from './file-errors.ts';
import { fileSpaceOf, type FileSpace } from './file-space.ts';
import { normalizeDataPath } from './safe-path.ts';

/** Runs a file helper body; errors become script-facing FileOpErrors. */
export async function fileOp<T>(ctx: OpContext, op: string, body: (space: FileSpace) => Promise<T>): Promise<T> {
  const space = fileSpaceOf(ctx);
  try {
    return await body(space);
  } catch (e) {
    throw fileOpError(op, e, await space.root().catch(() => null));
  }
}

function text(content: JsonValue): string {
  return typeof content === 'string' ? content : JSON.stringify(content) ?? 'null';
}

async function sizeOf(abs: string): Promise<number> {
  try {
    const s = await lstat(abs);
    return s.isDirectory() ? treeBytes(abs) : s.size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw e;
  }
}

async function isDirectory(abs: string): Promise<boolean> {
  try {
    return (await stat(abs)).isDirectory();
  } catch {
    return false;
  }
}

/** Destination of move/copy: into `dst` (keeping `srcAbs`'s name) when it is a directory. */
async function destination(space: FileSpace, dst: string, srcAbs: string): Promise<string> {
  let rel = normalizeDataPath(dst, 'destination');
  const root = await space.root();
  if (rel === '' || /[\\/]$/.test(dst) || (await isDirectory(path.join(root, rel)))) rel = rel ? `${rel}/${path.basename(srcAbs)}` : path.basename(srcAbs);
  return space.resolve(rel, { access: 'write' });
}

function refuseRoot(op: string, p: string, what: string): void {
  if (normalizeDataPath(p) === '') throw new FileOpError('ERR_FILE_PATH', `${op}: refusing to ${what} the data directory itself; give a path inside it`);
}

const pathArg = str('path', { maxLength: 4096 });

export const fileOps = [
  defineOp({
    name: 'file.write',
    kind: 'async',
    args: args([pathArg, any('content')]),
    signature: '(path: string, content: string): string',
    doc: 'Writes `content` to the file at `path` (relative to the data directory), creating it and missing parent directories, or replacing its content. Non-string content is JSON-encoded. Returns the normalised path. Paths with `..`, absolute paths and symlinks leading outside the data directory are refused; writes beyond the disk quota (`storage.limitMb`) throw.',
    run: (ctx, p, content) =>
      fileOp(ctx, 'file.write', async (space) => {
        const abs = await space.resolve(p, { access: 'write' });
        const data = text(content);
        const delta = Buffer.byteLength(data) - (await sizeOf(abs));
        await space.ensureSpace('file.write', delta);
        await mkdir(path.dirname(abs), { recursive: true });
        await writeFile(abs, data);
        await space.noteWritten(delta);
        return space.relative(abs);
      }),
  }),
  defineOp({
    name: 'file.append',
    kind: 'async',
    args: args([pathArg, any('content')]),
    signature: '(path: string, content: string): string',
    doc: 'Appends `content` to the file at `path`, creating it (and missing parent directories) if needed. Non-string content is JSON-encoded. Returns the normalised path.',
    run: (ctx, p, content) =>
      fileOp(ctx, 'file.append', async (space) => {
        const abs = await space.resolve(p, { access: 'write' });
        const data = text(content);
        const n = Buffer.byteLength(data);
        await space.ensureSpace('file.append', n);
        await mkdir(path.dirname(abs), { recursive: true });
        await appendFile(abs, data);
        await space.noteWritten(n);
        return space.relative(abs);
      }),
  }),
  defineOp({
    name: 'file.move',
    kind: 'async',
    args: args([str('oldPath', { maxLength: 4096 }), str('newPath', { maxLength: 4096 })]),
    signature: '(oldPath: string, newPath: string): string',
    doc: 'Moves (renames) a file or directory. If `newPath` is an existing directory or ends with `/`, the item moves into it keeping its name. An existing file at the destination is replaced. Returns the new path.',
    run: (ctx, from, to) =>
      fileOp(ctx, 'file.move', async (space) => {
        refuseRoot('file.move', from, 'move');
        const src = await space.resolve(from, { access: 'write', followLast: false });
        await lstat(src);
        const dst = await destination(space, to, src);
        await mkdir(path.dirname(dst), { recursive: true });
        await rename(src, dst);
        return space.relative(dst);
      }),
  }),
  defineOp({
    name: 'file.copy',
    kind: 'async',
    args: args([str('srcPath', { maxLength: 4096 }), str('dstPath', { maxLength: 4096 })]),
    signature: '(srcPath: string, dstPath: string): string',
    doc: 'Copies a file (or a directory, recursively; symlinks are copied as links). If `dstPath` is an existing directory or ends with `/`, the copy goes into it keeping the name. Counts against the disk quota. Returns the new path.',
    run: (ctx, from, to) =>
      fileOp(ctx, 'file.copy', async (space) => {
        refuseRoot('file.copy', from, 'copy');
        const src = await space.resolve(from);
        const bytes = await sizeOf(src);
        await lstat(src);
        const dst = await destination(space, to, src);
        const delta = bytes - (await sizeOf(dst));
        await space.ensureSpace('file.copy', delta);
        await mkdir(path.dirname(dst), { recursive: true });
        await cp(src, dst, { recursive: true, force: true, verbatimSymlinks: true });
        await space.noteWritten(delta);
        return space.relative(dst);
      }),
  }),
  defineOp({
    name: 'file.delete',
    kind: 'async',
    args: args([pathArg]),
    signature: '(path: string): void',
    doc: 'Deletes a file or a directory with everything in it. A path that does not exist is not an error. A symlink is removed itself, not what it points to.',
    run: (ctx, p) =>
      fileOp(ctx, 'file.delete', async (space) => {
        refuseRoot('file.delete', p, 'delete');
        const abs = await space.resolve(p, { access: 'write', followLast: false });
        const bytes = await sizeOf(abs);
        await rm(abs, { recursive: true, force: true });
        await space.noteWritten(-bytes);
      }),
  }),
  defineOp({
    name: 'file.mkdir',
    kind: 'async',
    args: args([pathArg]),
    signature: '(path: string): string',
    doc: 'Creates a directory and any missing parents (no error if it exists). Returns the normalised path.',
    run: (ctx, p) =>
      fileOp(ctx, 'file.mkdir', async (space) => {
        const abs = await space.resolve(p, { access: 'write' });
        await mkdir(abs, { recursive: true });
        return space.relative(abs);
      }),
  }),
];
