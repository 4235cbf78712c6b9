/**
 * Object storage for recordings and the vendor.s3/gcs helpers: one interface, three
 * backends — a local folder (folder-blob-store.ts), S3 or an S3-compatible store
 * (s3-blob-store.ts) and Google Cloud Storage (gcs-blob-store.ts). One contract test suite
 * (capture/store/testing/blob-contract.ts) runs against all three.
 *
 * The contract:
 * - keys are `/`-separated relative names (no leading `/`, no `.`/`..` segments, no `\`,
 *   at most 1024 bytes);
 * - `put` replaces the object and resolves only once the store **confirmed** it: the size
 *   (and where the store reports one, the MD5) it holds equals what was sent — folder:
 *   fsync + size, S3: the PUT succeeded with Content-MD5 checked and a HEAD shows the size,
 *   GCS: the response's md5Hash and size match. Anything less rejects (ERR_BLOB_UNCONFIRMED),
 *   so a caller may delete its local copy once `put` resolved;
 * - `list(prefix)` returns the objects whose key starts with `prefix`, sorted by key;
 * - `deletePrefix(prefix)` deletes those and returns how many (0 when none);
 * - `get(key)` streams the content; an unknown key rejects with ERR_BLOB_NOT_FOUND.
 * Failures reject with BlobStoreError (stable `code`, message saying what to check).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';

export interface BlobInfo {
  key: string;
  size: number;
}

export interface PutResult {
  key: string;
  /** Where the object can be found (bucket URL; file:// URL for folders). */
  url: string;
  size: number;
  /** MD5 of the content, base64. */
  md5: string;
}

/** What to store: a local file, a stream (size learnt while reading) or bytes. */
export type BlobBody = { file: string } | { stream: Readable } | { data: Uint8Array };

export interface PutOptions {
  /** Default application/octet-stream. */
  contentType?: string;
}

export interface BlobStore {
  readonly kind: 'folder' | 's3' | 'gcs';
  /** Human-readable location, e.g. `s3://bucket` or the folder path. */
  readonly location: string;
  url(key: string): string;
  put(key: string, body: BlobBody, opts?: PutOptions): Promise<PutResult>;
  get(key: string): Promise<Readable>;
  list(prefix: string): Promise<BlobInfo[]>;
  deletePrefix(prefix: string): Promise<number>;
}

export type BlobErrorCode =
  | 'ERR_BLOB_KEY'
  | 'ERR_BLOB_NOT_FOUND'
  | 'ERR_BLOB_DENIED'
  | 'ERR_BLOB_UNAVAILABLE'
  | 'ERR_BLOB_UNCONFIRMED'
  | 'ERR_BLOB_CONFIG'
  | 'ERR_BLOB_FAILED';

export class BlobStoreError extends Error {
  constructor(
    readonly code: BlobErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Throws ERR_BLOB_KEY unless `key` follows the key rules above. */
export function checkKey(key: string): string {
  const bad = (why: string): never => {
    throw new BlobStoreError('ERR_BLOB_KEY', `object key ${JSON.stringify(key)} ${why}`);
  };
  if (typeof key !== 'string' || key === '') bad('is empty');
  if (Buffer.byteLength(key) > 1024) bad('is longer than 1024 bytes');
  if (key.startsWith('/') || key.includes('\\') || key.includes('\0')) bad('must be a relative name with "/" separators');
  if (key.split('/').some((s) => s === '' || s === '.' || s === '..')) bad('has an empty, "." or ".." segment');
  return key;
}

/** Throws ERR_BLOB_KEY for a prefix that could never match a valid key ("" = everything). */
export function checkPrefix(prefix: string): string {
  if (prefix === '') return prefix;
  checkKey(prefix.endsWith('/') ? prefix + 'x' : prefix);
  return prefix;
}

/** Size and MD5 (base64) of a file, read once. */
export async function fileDigest(file: string): Promise<{ size: number; md5: string }> {
  const h = createHash('md5');
  let size = 0;
  for await (const c of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    h.update(c as Buffer);
    size += (c as Buffer).length;
  }
  return { size, md5: h.digest('base64') };
}

/** Reads a stream into parts of `partSize` bytes (the last may be shorter). */
export async function* partsOf(stream: AsyncIterable<Uint8Array | string>, partSize: number): AsyncGenerator<Buffer> {
  let parts: Buffer[] = [];
  let n = 0;
  for await (const c of stream) {
    let b = typeof c === 'string' ? Buffer.from(c) : Buffer.from(c.buffer, c.byteOffset, c.byteLength);
    while (n + b.length >= partSize) {
      const take = partSize - n;
      parts.push(b.subarray(0, take));
      yield Buffer.concat(parts);
      parts = [];
      n = 0;
      b = b.subarray(take);
    }
    if (b.length > 0) {
      parts.push(Buffer.from(b));
      n += b.length;
    }
  }
  if (n > 0 || parts.length > 0) yield Buffer.concat(parts);
}

/** URL-encode each `/`-separated segment of a key. */
export function encodeKey(key: string): string {
  return key.split('/').map(encodeURIComponent).join('/');
}
