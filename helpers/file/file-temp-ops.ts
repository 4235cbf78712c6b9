/**
 * file.mkdirTemp / temp / tar (SCRIPT-API.md §3). Temporary names follow Go's os.MkdirTemp
 * and os.CreateTemp (what Kubeshark scripts were written against): a random decimal string
 * replaces the last `*` of the name, or is appended when there is none. Archives are
 * `wirehook_<unix seconds>.tar.gz` at the top of the data directory (`_<n>` added if
 * that name is taken), built with the `tar` package: entries relative to the archived
 * directory, symlinks stored as links (never followed). Archiving the data directory itself
 * leaves out the node's internal entries (INTERNAL_ENTRIES in safe-path.ts). The archive is
 * measured once built and removed again if it would take the files over the quota.
 */
import { randomInt } from 'node:crypto';
import { lstat, mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { create as createTar } from 'tar';
import { args, optional, str } from '../args.ts';
import { defineOp } from '../define-op.ts';
import { FileOpError } from './file-errors.ts';
import { fileOp } from './file-ops.ts';
import { INTERNAL_ENTRIES } from './safe-path.ts';

/** `name` with a random decimal string in place of its last `*` (or appended). */
export function randomName(op: string, name: string, suffix = ''): string {
  if (/[\\/]/.test(name)) throw new FileOpError('ERR_FILE_PATH', `${op}: name ${JSON.stringify(name)} must not contain a path separator (use the dir argument)`);
  const r = String(randomInt(0, 2 ** 32));
  const star = name.lastIndexOf('*');
  return (star < 0 ? name + r : name.slice(0, star) + r + name.slice(star + 1)) + suffix;
}

async function taken(p: string): Promise<boolean> {
  try {
    await lstat(p);
    return true;
  } catch {
    return false;
  }
}

/** Creates a uniquely named entry in `dir` with `make` (which must fail with EEXIST if it exists). */
async function createUnique(op: string, dir: string, name: string, suffix: string, make: (p: string) => Promise<unknown>): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const p = path.join(dir, randomName(op, name, suffix));
    try {
      await make(p);
      return p;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt >= 100) throw e;
    }
  }
}

const EMPTY_TAR_GZ = gzipSync(Buffer.alloc(1024));

export const fileTempOps = [
  defineOp({
    name: 'file.mkdirTemp',
    kind: 'async',
    args: args([optional(str('name', { maxLength: 200 })), optional(str('dir', { maxLength: 4096 }))]),
    signature: '(name?: string, dir?: string): string',
    doc: 'Creates a new directory in `dir` (default: the top of the data directory; created if missing) named `name` plus a random number (which replaces the last `*` in `name` if there is one), and returns its path.',
    run: (ctx, name, dir) =>
      fileOp(ctx, 'file.mkdirTemp', async (space) => {
        const parent = await space.resolve(dir ?? '', { access: 'write' });
        await mkdir(parent, { recursive: true });
        return space.relative(await createUnique('file.mkdirTemp', parent, name ?? '', '', (p) => mkdir(p)));
      }),
  }),
  defineOp({
    name: 'file.temp',
    kind: 'async',
    args: args([optional(str('name', { maxLength: 200 })), optional(str('dir', { maxLength: 4096 })), optional(str('extension', { maxLength: 32 }))]),
    signature: '(name: string, dir: string, extension: string): string',
    doc: 'Creates a new empty file in `dir` (default: the top of the data directory) named `name` plus a random number and `.extension` (default `txt`), and returns its path — e.g. `file.temp("data", "", "json")` → `"data1234567.json"`.',
    run: (ctx, name, dir, ext) =>
      fileOp(ctx, 'file.temp', async (space) => {
        const extension = (ext ?? '').replace(/^\./, '') || 'txt';
        if (/[\\/]/.test(extension)) throw new FileOpError('ERR_FILE_PATH', 'file.temp: extension must not contain a path separator');
        const parent = await space.resolve(dir ?? '', { access: 'write' });
        await mkdir(parent, { recursive: true });
        return space.relative(await createUnique('file.temp', parent, name ?? '', `.${extension}`, (p) => writeFile(p, '', { flag: 'wx' })));
      }),
  }),
  defineOp({
    name: 'file.tar',
    kind: 'async',
    args: args([str('dir', { maxLength: 4096 })]),
    signature: '(dir: string): string',
    doc: 'Packs the files under directory `dir` into `wirehook_<unix seconds>.tar.gz` at the top of the data directory (entries relative to `dir`; symlinks kept as links) and returns its path. Counts against the disk quota.',
    run: (ctx, dir) =>
      fileOp(ctx, 'file.tar', async (space) => {
        const src = await space.resolve(dir);
        if (!(await stat(src)).isDirectory()) throw new FileOpError('ERR_FILE_PATH', `file.tar: ${JSON.stringify(dir)} is not a directory`);
        const root = await space.root();
        const unix = Math.floor(ctx.clock.now() / 1000);
        let name = `wirehook_${unix}.tar.gz`;
        for (let n = 1; await taken(path.join(root, name)); n++) name = `wirehook_${unix}_${n}.tar.gz`;
        const partial = path.join(root, `.${name}.partial`);
        const entries = (await readdir(src)).filter((e) => !(src === root && (INTERNAL_ENTRIES.includes(e) || e === path.basename(partial)))).sort();
        try {
          if (entries.length) await createTar({ gzip: true, cwd: src, file: partial, portable: true }, entries);
          else await writeFile(partial, EMPTY_TAR_GZ);
          const size = (await stat(partial)).size;
          await space.ensureSpace('file.tar', size);
          const out = path.join(root, name);
          await rename(partial, out);
          await space.noteWritten(size);
          return space.relative(out);
        } finally {
          await rm(partial, { force: true });
        }
      }),
  }),
];
