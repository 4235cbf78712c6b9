/**
 * BlobStore on Google Cloud Storage (@google-cloud/storage 7): credentials from a
 * service-account key object (`{type, project_id, client_email, private_key, …}`), or the
 * default Google credentials without one; `apiEndpoint` for emulators and test servers
 * (the client then skips authentication, as the library does by default).
 *
 * Uploads stream through an MD5 hash to the client's write stream (resumable above 8 MiB
 * or for streams of unknown size); `put` resolves only when the object resource the server
 * returned has the size sent and the same md5Hash. The client's own retries are kept short:
 * the recorder's spool retries with back-off.
 */
import { Storage, type Bucket } from '@google-cloud/storage';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { BlobStoreError, checkKey, checkPrefix, encodeKey, type BlobBody, type BlobInfo, type BlobStore, type PutOptions, type PutResult } from './blob-store.ts';

export interface GcsStoreOptions {
  bucket: string;
  /** Service-account key object; absent = application default credentials. */
  key?: Record<string, unknown> | null;
  /** API endpoint override, e.g. http://127.0.0.1:4443 ("" = Google). */
  endpoint?: string;
}

const RESUMABLE_MIN = 8 * 1024 * 1024;

function gcsError(e: unknown, what: string): BlobStoreError {
  if (e instanceof BlobStoreError) return e;
  const err = (e ?? {}) as { code?: number | string; message?: string };
  const msg = err.message ?? String(e);
  if (err.code === 404) return new BlobStoreError('ERR_BLOB_NOT_FOUND', `${what}: no such object or bucket`);
  if (err.code === 401 || err.code === 403) return new BlobStoreError('ERR_BLOB_DENIED', `${what}: access denied — check the service-account key and its bucket permissions (${msg})`);
  if (typeof err.code === 'string' || (typeof err.code === 'number' && err.code >= 500) || /ECONNREFUSED|ECONNRESET|ETIMEDOUT|socket hang up/.test(msg)) {
    return new BlobStoreError('ERR_BLOB_UNAVAILABLE', `${what}: the store is unreachable or failing, will need a retry (${msg})`);
  }
  if (/md5|crc32c|checksum|FILE_NO_UPLOAD/i.test(msg)) return new BlobStoreError('ERR_BLOB_UNCONFIRMED', `${what}: ${msg}`);
  return new BlobStoreError('ERR_BLOB_FAILED', `${what}: ${msg}`);
}

export class GcsBlobStore implements BlobStore {
  readonly kind = 'gcs';
  private readonly bucket: Bucket;

  constructor(private readonly o: GcsStoreOptions) {
    if (!o.bucket) throw new BlobStoreError('ERR_BLOB_CONFIG', 'the GCS destination has no bucket: set recording.gcs.bucket (or pass one)');
    const key = o.key ?? undefined;
    const storage = new Storage({
      apiEndpoint: o.endpoint || undefined,
      projectId: typeof key?.project_id === 'string' ? key.project_id : undefined,
      credentials: key as { client_email?: string; private_key?: string } | undefined,
      retryOptions: { maxRetries: 1, maxRetryDelay: 2, totalTimeout: 120 },
    });
    this.bucket = storage.bucket(o.bucket);
  }

  get location(): string {
    return `gs://${this.o.bucket}` + (this.o.endpoint ? ` at ${this.o.endpoint}` : '');
  }

  url(key: string): string {
    checkKey(key);
    if (!this.o.endpoint) return `https://storage.googleapis.com/${this.o.bucket}/${encodeKey(key)}`;
    return `${this.o.endpoint.replace(/\/+$/, '')}/download/storage/v1/b/${this.o.bucket}/o/${encodeURIComponent(key)}?alt=media`;
  }

  async put(key: string, body: BlobBody, opts: PutOptions = {}): Promise<PutResult> {
    checkKey(key);
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
      let source: Readable;
      let resumable = true;
      if ('file' in body) {
        resumable = (await stat(body.file)).size > RESUMABLE_MIN;
        source = createReadStream(body.file, { highWaterMark: 1024 * 1024 });
      } else if ('data' in body) {
        resumable = body.data.length > RESUMABLE_MIN;
        source = Readable.from([Buffer.from(body.data.buffer, body.data.byteOffset, body.data.byteLength)]);
      } else source = body.stream;
      const file = this.bucket.file(key);
      await pipeline(source, count, file.createWriteStream({ resumable, validation: 'md5', metadata: { contentType: opts.contentType ?? 'application/octet-stream' } }));
      const md5 = h.digest('base64');
      const meta = file.metadata?.md5Hash ? file.metadata : (await file.getMetadata())[0];
      if (Number(meta.size) !== size || meta.md5Hash !== md5) {
        throw new BlobStoreError('ERR_BLOB_UNCONFIRMED', `put ${key}: the store reports ${meta.size} bytes, md5 ${meta.md5Hash}; sent ${size} bytes, md5 ${md5}`);
      }
      return { key, url: this.url(key), size, md5 };
    } catch (e) {
      throw gcsError(e, `put ${key} to ${this.location}`);
    }
  }

  async get(key: string): Promise<Readable> {
    checkKey(key);
    const file = this.bucket.file(key);
    try {
      const [exists] = await file.exists();
      if (!exists) throw new BlobStoreError('ERR_BLOB_NOT_FOUND', `get ${key} from ${this.location}: no such object`);
    } catch (e) {
      throw gcsError(e, `get ${key} from ${this.location}`);
    }
    return file.createReadStream({ validation: false });
  }

  async list(prefix: string): Promise<BlobInfo[]> {
    checkPrefix(prefix);
    try {
      const [files] = await this.bucket.getFiles({ prefix: prefix || undefined, autoPaginate: true });
      return files.map((f) => ({ key: f.name, size: Number(f.metadata.size ?? 0) })).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    } catch (e) {
      throw gcsError(e, `list ${prefix || '(all)'} in ${this.location}`);
    }
  }

  async deletePrefix(prefix: string): Promise<number> {
    const objects = await this.list(prefix);
    try {
      for (const o of objects) await this.bucket.file(o.key).delete({ ignoreNotFound: true });
    } catch (e) {
      throw gcsError(e, `delete ${prefix || '(all)'} in ${this.location}`);
    }
    return objects.length;
  }
}
