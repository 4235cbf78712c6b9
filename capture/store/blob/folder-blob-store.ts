/**
 * BlobStore on a local folder (recording destination `folder`, `recording.local.folder`):
 * key `a/b.tar.gz` is the file `<root>/a/b.tar.gz`. A put writes a temporary file beside
 * the target (hashing on the way), fsyncs it, renames it into place and checks the size on
 * disk — so a file under its final name is always complete.
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rmdir, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { BlobStoreError, checkKey, checkPrefix, type BlobBody, type BlobInfo, type BlobStore, type PutResult } from './blob-store.ts';

let tmpCounter = 0;

function bodyStream(body: BlobBody): Readable {
  if ('file' in body) return createReadStream(body.file, { highWaterMark: 1024 * 1024 });
  if ('stream' in body) return body.stream;
  return Readable.from([Buffer.from(body.data.buffer, body.data.byteOffset, body.data.byteLength)]);
}

function ioError(e: unknown, what: string): BlobStoreError {
  if (e instanceof BlobStoreError) return e;
  const err = e as NodeJS.ErrnoException;
  if (err.code === 'ENOENT') return new BlobStoreError('ERR_BLOB_NOT_FOUND', `${what}: no such object`);
  if (err.code === 'EACCES' || err.code === 'EPERM') return new BlobStoreError('ERR_BLOB_DENIED', `${what}: permission denied (check the folder's owner and mode)`);
  return new BlobStoreError('ERR_BLOB_FAILED', `${what}: ${err.message}`);
}

export class FolderBlobStore implements BlobStore {
  readonly kind = 'folder';
  readonly root: string;

  constructor(root: string) {
    if (!root) throw new BlobStoreError('ERR_BLOB_CONFIG', 'the folder destination has no folder: set recording.local.folder');
    this.root = path.resolve(root);
  }

  get location(): string {
    return this.root;
  }

  url(key: string): string {
    return pathToFileURL(path.join(this.root, checkKey(key))).href;
  }

  async put(key: string, body: BlobBody): Promise<PutResult> {
    const dest = path.join(this.root, checkKey(key));
    const tmp = `${dest}.${process.pid}-${++tmpCounter}.partial`;
    const h = createHash('md5');
    let size = 0;
    const count = new Transform({
      transform(chunk: Buffer, _e, cb) {
        h.update(chunk);
        size += chunk.length;
        cb(null, chunk);
      },
    });
    try {
      await mkdir(path.dirname(dest), { recursive: true });
      await pipeline(bodyStream(body), count, createWriteStream(tmp));
      const fh = await open(tmp, 'r');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, dest);
      const onDisk = (await stat(dest)).size;
      if (onDisk !== size) throw new BlobStoreError('ERR_BLOB_UNCONFIRMED', `put ${key}: ${onDisk} bytes on disk, ${size} sent`);
    } catch (e) {
      await unlink(tmp).catch(() => undefined);
      throw ioError(e, `put ${key}`);
    }
    return { key, url: this.url(key), size, md5: h.digest('base64') };
  }

  async get(key: string): Promise<Readable> {
    const file = path.join(this.root, checkKey(key));
    try {
      const st = await stat(file);
      if (!st.isFile()) throw Object.assign(new Error('not a file'), { code: 'ENOENT' });
    } catch (e) {
      throw ioError(e, `get ${key}`);
    }
    return createReadStream(file);
  }

  async list(prefix: string): Promise<BlobInfo[]> {
    checkPrefix(prefix);
    const out: BlobInfo[] = [];
    const walk = async (dir: string, rel: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw ioError(e, `list ${prefix}`);
      }
      for (const e of entries) {
        const key = rel === '' ? e.name : `${rel}/${e.name}`;
        if (e.isDirectory()) {
          if (key.startsWith(prefix) || prefix.startsWith(key + '/')) await walk(path.join(dir, e.name), key);
        } else if (e.isFile() && key.startsWith(prefix) && !e.name.endsWith('.partial')) {
          out.push({ key, size: (await stat(path.join(dir, e.name))).size });
        }
      }
    };
    await walk(this.root, '');
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async deletePrefix(prefix: string): Promise<number> {
    const objects = await this.list(prefix);
    for (const o of objects) {
      const file = path.join(this.root, o.key);
      await unlink(file).catch((e) => {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw ioError(e, `delete ${o.key}`);
      });
      for (let d = path.dirname(file); d.startsWith(this.root + path.sep); d = path.dirname(d)) {
        if (!(await rmdir(d).then(() => true, () => false))) break;
      }
    }
    return objects.length;
  }
}
