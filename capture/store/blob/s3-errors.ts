/**
 * S3 SDK errors → BlobStoreError with a stable code and a message that says what to check.
 */
import { BlobStoreError } from './blob-store.ts';

interface SdkError {
  name?: string;
  code?: string;
  message?: string;
  $metadata?: { httpStatusCode?: number };
}

const NETWORK = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'TimeoutError', 'RequestTimeout']);

export function s3Error(e: unknown, what: string): BlobStoreError {
  if (e instanceof BlobStoreError) return e;
  const err = (e ?? {}) as SdkError;
  const status = err.$metadata?.httpStatusCode;
  const name = err.name ?? err.code ?? 'Error';
  const detail = `${name}${status ? ` (HTTP ${status})` : ''}: ${err.message ?? String(e)}`;
  if (name === 'NoSuchKey' || name === 'NotFound' || (status === 404 && name !== 'NoSuchBucket')) {
    return new BlobStoreError('ERR_BLOB_NOT_FOUND', `${what}: no such object`);
  }
  if (name === 'NoSuchBucket') return new BlobStoreError('ERR_BLOB_CONFIG', `${what}: the bucket does not exist (${detail})`);
  if (status === 403 || name === 'SignatureDoesNotMatch' || name === 'InvalidAccessKeyId' || name === 'AccessDenied' || name === 'CredentialsProviderError') {
    return new BlobStoreError('ERR_BLOB_DENIED', `${what}: access denied — check the key id, secret and bucket policy (${detail})`);
  }
  if (NETWORK.has(name) || NETWORK.has(err.code ?? '') || (status !== undefined && status >= 500)) {
    return new BlobStoreError('ERR_BLOB_UNAVAILABLE', `${what}: the store is unreachable or failing, will need a retry (${detail})`);
  }
  if (name === 'BadDigest' || name === 'InvalidDigest') return new BlobStoreError('ERR_BLOB_UNCONFIRMED', `${what}: the store rejected the content checksum (${detail})`);
  return new BlobStoreError('ERR_BLOB_FAILED', `${what}: ${detail}`);
}
