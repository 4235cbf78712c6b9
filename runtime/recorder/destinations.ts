/**
 * Recording destinations → BlobStores, with what a destination leaves out taken from the
 * config (`recording.local`, `recording.s3`, `recording.gcs`; S3 endpoint also from the AWS
 * environment, as vendor.s3 does). The folder destination defaults to `<dataDir>/recordings`.
 * Stores are cached per destination. Object keys: `<prefix><nodeName>_<nodeIP>/<archive>`,
 * the layout vendor.s3/gcs use.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { BlobStoreError, type BlobStore } from '../../capture/store/blob/blob-store.ts';
import { FolderBlobStore } from '../../capture/store/blob/folder-blob-store.ts';
import { GcsBlobStore } from '../../capture/store/blob/gcs-blob-store.ts';
import { S3BlobStore } from '../../capture/store/blob/s3-blob-store.ts';
import { nodeFolder, s3Endpoint } from '../../helpers/vendor/s3.ts';
import type { WirehookConfig } from '../config.ts';
import type { DestinationSpec } from './recording-spec.ts';

/** A GCS key given as an object, JSON text or a file path. */
function gcsKey(key: DestinationSpec['key'] | ''): Record<string, unknown> | null {
  if (!key) return null;
  if (typeof key === 'object') return key;
  const text = key.trim().startsWith('{') ? key : readFileSync(key, 'utf8');
  try {
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    throw new BlobStoreError('ERR_BLOB_CONFIG', 'the GCS service-account key is not valid JSON (recording.gcs.key: key JSON or a key file path)');
  }
}

export class Destinations {
  private readonly cache = new Map<string, BlobStore>();

  constructor(
    private readonly config: WirehookConfig,
    private readonly dataDir: string,
    private readonly node: { name: string; ip: string },
  ) {}

  /** The store of a destination (throws BlobStoreError ERR_BLOB_CONFIG when incomplete). */
  storeFor(d: DestinationSpec): BlobStore {
    const id = JSON.stringify(d);
    let s = this.cache.get(id);
    if (s) return s;
    const rec = this.config.recording;
    if (d.type === 'folder') s = new FolderBlobStore(d.folder || rec.local.folder || path.join(this.dataDir, 'recordings'));
    else if (d.type === 's3') {
      const ep = s3Endpoint(this.config);
      const keyId = d.accessKeyId ?? rec.s3.accessKeyId;
      s = new S3BlobStore({
        bucket: d.bucket || rec.s3.bucket,
        region: d.region || rec.s3.region || 'us-east-1',
        endpoint: d.endpoint || ep.endpoint,
        forcePathStyle: d.forcePathStyle ?? ep.forcePathStyle,
        credentials: keyId ? { accessKeyId: keyId, secretAccessKey: d.secretAccessKey ?? rec.s3.secretAccessKey } : undefined,
      });
    } else s = new GcsBlobStore({ bucket: d.bucket || rec.gcs.bucket, key: gcsKey(d.key ?? rec.gcs.key), endpoint: d.endpoint || rec.gcs.endpoint || undefined });
    this.cache.set(id, s);
    return s;
  }

  /** Object key of an archive at a destination. */
  keyFor(d: DestinationSpec, file: string): string {
    const prefix = d.prefix ? (d.prefix.endsWith('/') ? d.prefix : d.prefix + '/') : '';
    return `${prefix}${nodeFolder(this.node)}/${file}`;
  }
}

/** The destination without secrets, for listings. */
export function redactDestination(d: DestinationSpec): DestinationSpec {
  const out = { ...d };
  if (out.secretAccessKey) out.secretAccessKey = '***';
  if (out.key) out.key = '***';
  return out;
}
