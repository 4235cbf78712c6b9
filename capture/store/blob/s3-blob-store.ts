/**
 * BlobStore on S3 or an S3-compatible store (@aws-sdk/client-s3): `endpoint` and
 * `forcePathStyle` for S3-compatible stores, explicit keys or — without them — the default
 * AWS credential chain (environment, shared files, instance/pod roles).
 *
 * Uploads: a file up to 64 MiB (or bytes) is one PutObject with Content-MD5 (the store
 * rejects a corrupted body); larger files and streams are multipart uploads of 8 MiB parts,
 * each with its own Content-MD5 (a stream that fits in one part becomes a PutObject). After
 * the upload a HeadObject must show the size sent, and for a single PUT the ETag must equal
 * the MD5 — only then does `put` resolve. Checksums are sent only where required
 * (Content-MD5 instead of the SDK's aws-chunked trailers, which S3-compatible stores such
 * as Swift reject); multi-object deletes carry the Content-MD5 S3 requires.
 */
import {
  CompleteMultipartUploadCommand, CreateMultipartUploadCommand, DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand,
  ListObjectsV2Command, PutObjectCommand, S3Client, UploadPartCommand, AbortMultipartUploadCommand,
} from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { BlobStoreError, checkKey, checkPrefix, encodeKey, fileDigest, partsOf, type BlobBody, type BlobInfo, type BlobStore, type PutOptions, type PutResult } from './blob-store.ts';
import { s3Error } from './s3-errors.ts';

export interface S3StoreOptions {
  bucket: string;
  region: string;
  /** S3-compatible endpoint URL ("" / absent = AWS). */
  endpoint?: string;
  forcePathStyle?: boolean;
  /** Absent = the default AWS credential chain. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
  /** Per-request timeout, ms (default 60000). */
  requestTimeoutMs?: number;
}

const SINGLE_MAX = 64 * 1024 * 1024;
const PART = 8 * 1024 * 1024;
const clients = new Map<string, S3Client>();
const QUIET = { trace() {}, debug() {}, info() {}, warn() {}, error() {} };

function md5(b: Uint8Array): string {
  return createHash('md5').update(b).digest('base64');
}

/** One client per configuration (sockets and credential lookups are reused). */
function clientFor(o: S3StoreOptions): S3Client {
  const id = JSON.stringify([o.region, o.endpoint ?? '', !!o.forcePathStyle, o.credentials?.accessKeyId ?? '', o.credentials ? md5(Buffer.from(o.credentials.secretAccessKey)) : '', o.requestTimeoutMs ?? 0]);
  let c = clients.get(id);
  if (c) return c;
  c = new S3Client({
    region: o.region || 'us-east-1',
    endpoint: o.endpoint || undefined,
    forcePathStyle: !!o.forcePathStyle,
    credentials: o.credentials?.accessKeyId ? o.credentials : undefined,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 2,
    // Failed streaming uploads are retried by the caller (the spool); without a logger the SDK warns on the console.
    logger: QUIET,
    requestHandler: { connectionTimeout: 5000, requestTimeout: o.requestTimeoutMs ?? 60_000 },
  });
  c.middlewareStack.add(
    (next, context) => async (args) => {
      const req = args.request as { body?: unknown; headers?: Record<string, string> };
      if (context.commandName === 'DeleteObjectsCommand' && typeof req.body === 'string' && req.headers) {
        req.headers['content-md5'] = md5(Buffer.from(req.body));
        for (const h of Object.keys(req.headers)) if (h.startsWith('x-amz-checksum-') || h === 'x-amz-sdk-checksum-algorithm') delete req.headers[h];
      }
      return next(args);
    },
    { step: 'build', priority: 'low', name: 'wirehookContentMd5' },
  );
  if (clients.size >= 32) clients.delete(clients.keys().next().value!);
  clients.set(id, c);
  return c;
}

export class S3BlobStore implements BlobStore {
  readonly kind = 's3';
  private readonly client: S3Client;

  constructor(private readonly o: S3StoreOptions) {
    if (!o.bucket) throw new BlobStoreError('ERR_BLOB_CONFIG', 'the S3 destination has no bucket: set recording.s3.bucket (or pass one)');
    this.client = clientFor(o);
  }

  get location(): string {
    return `s3://${this.o.bucket}` + (this.o.endpoint ? ` at ${this.o.endpoint}` : '');
  }

  url(key: string): string {
    const k = encodeKey(checkKey(key));
    if (!this.o.endpoint) return `https://${this.o.bucket}.s3.${this.o.region || 'us-east-1'}.amazonaws.com/${k}`;
    const u = new URL(this.o.endpoint);
    const base = u.href.replace(/\/+$/, '');
    return this.o.forcePathStyle ? `${base}/${this.o.bucket}/${k}` : `${u.protocol}//${this.o.bucket}.${u.host}/${k}`;
  }

  async put(key: string, body: BlobBody, opts: PutOptions = {}): Promise<PutResult> {
    checkKey(key);
    const ct = opts.contentType ?? 'application/octet-stream';
    try {
      let sent: { size: number; md5: string; single: boolean };
      if ('data' in body) sent = await this.putSingle(key, Buffer.from(body.data.buffer, body.data.byteOffset, body.data.byteLength), ct);
      else if ('file' in body && (await stat(body.file)).size <= SINGLE_MAX) {
        const d = await fileDigest(body.file);
        await this.client.send(
          new PutObjectCommand({ Bucket: this.o.bucket, Key: key, Body: createReadStream(body.file), ContentLength: d.size, ContentMD5: d.md5, ContentType: ct }),
        );
        sent = { ...d, single: true };
      } else sent = await this.putParts(key, 'file' in body ? createReadStream(body.file, { highWaterMark: 1024 * 1024 }) : body.stream, ct);
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.o.bucket, Key: key }));
      if (head.ContentLength !== sent.size) throw new BlobStoreError('ERR_BLOB_UNCONFIRMED', `put ${key}: the store holds ${head.ContentLength} bytes, ${sent.size} were sent`);
      const etag = (head.ETag ?? '').replace(/"/g, '');
      if (sent.single && etag !== Buffer.from(sent.md5, 'base64').toString('hex')) throw new BlobStoreError('ERR_BLOB_UNCONFIRMED', `put ${key}: the stored ETag ${etag} is not the MD5 of what was sent`);
      return { key, url: this.url(key), size: sent.size, md5: sent.md5 };
    } catch (e) {
      throw s3Error(e, `put ${key} to ${this.location}`);
    }
  }

  async get(key: string): Promise<Readable> {
    checkKey(key);
    try {
      const r = await this.client.send(new GetObjectCommand({ Bucket: this.o.bucket, Key: key }));
      return r.Body as Readable;
    } catch (e) {
      throw s3Error(e, `get ${key} from ${this.location}`);
    }
  }

  async list(prefix: string): Promise<BlobInfo[]> {
    checkPrefix(prefix);
    const out: BlobInfo[] = [];
    let token: string | undefined;
    try {
      do {
        const r = await this.client.send(new ListObjectsV2Command({ Bucket: this.o.bucket, Prefix: prefix || undefined, ContinuationToken: token }));
        for (const c of r.Contents ?? []) if (c.Key !== undefined) out.push({ key: c.Key, size: c.Size ?? 0 });
        token = r.IsTruncated ? r.NextContinuationToken : undefined;
      } while (token);
    } catch (e) {
      throw s3Error(e, `list ${prefix || '(all)'} in ${this.location}`);
    }
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async deletePrefix(prefix: string): Promise<number> {
    const objects = await this.list(prefix);
    try {
      for (let i = 0; i < objects.length; i += 1000) {
        const batch = objects.slice(i, i + 1000).map((o) => ({ Key: o.key }));
        const r = await this.client.send(new DeleteObjectsCommand({ Bucket: this.o.bucket, Delete: { Objects: batch, Quiet: true } }));
        if (r.Errors?.length) throw new BlobStoreError('ERR_BLOB_FAILED', `delete ${r.Errors[0].Key}: ${r.Errors[0].Code} ${r.Errors[0].Message ?? ''}`.trim());
      }
    } catch (e) {
      throw s3Error(e, `delete ${prefix || '(all)'} in ${this.location}`);
    }
    return objects.length;
  }

  private async putSingle(key: string, data: Buffer, ct: string): Promise<{ size: number; md5: string; single: boolean }> {
    const sum = md5(data);
    await this.client.send(new PutObjectCommand({ Bucket: this.o.bucket, Key: key, Body: data, ContentLength: data.length, ContentMD5: sum, ContentType: ct }));
    return { size: data.length, md5: sum, single: true };
  }

  /** Multipart upload of a stream (one PutObject when it fits in a single part). */
  private async putParts(key: string, stream: Readable, ct: string): Promise<{ size: number; md5: string; single: boolean }> {
    const whole = createHash('md5');
    const it = partsOf(stream, PART);
    const first = await it.next();
    const firstPart = first.done ? Buffer.alloc(0) : first.value;
    const second = first.done ? first : await it.next();
    if (second.done) return this.putSingle(key, firstPart, ct);
    const { UploadId } = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.o.bucket, Key: key, ContentType: ct }));
    const parts: { PartNumber: number; ETag: string }[] = [];
    let size = 0;
    try {
      const upload = async (data: Buffer): Promise<void> => {
        whole.update(data);
        size += data.length;
        const PartNumber = parts.length + 1;
        const r = await this.client.send(new UploadPartCommand({ Bucket: this.o.bucket, Key: key, UploadId, PartNumber, Body: data, ContentLength: data.length, ContentMD5: md5(data) }));
        parts.push({ PartNumber, ETag: r.ETag ?? '' });
      };
      await upload(firstPart);
      await upload(second.value);
      for await (const p of it) await upload(p);
      await this.client.send(new CompleteMultipartUploadCommand({ Bucket: this.o.bucket, Key: key, UploadId, MultipartUpload: { Parts: parts } }));
    } catch (e) {
      await this.client.send(new AbortMultipartUploadCommand({ Bucket: this.o.bucket, Key: key, UploadId })).catch(() => undefined);
      throw e;
    }
    return { size, md5: whole.digest('base64'), single: false };
  }
}
