/**
 * vendor.gcs.* (SCRIPT-API.md §3) on the GCS BlobStore (capture/store/blob/gcs-blob-store.ts):
 * objects go to `<nodeName>_<nodeIP>/<file name>` with the service-account key object the
 * script passes (a parsed key file; its JSON text works too). API endpoint override for
 * emulators: config `recording.gcs.endpoint` (or the library's STORAGE_EMULATOR_HOST).
 * Calls count against the script's vendor rate limit (vendor.callsPerMinute).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { BlobStoreError } from '../../capture/store/blob/blob-store.ts';
import { GcsBlobStore } from '../../capture/store/blob/gcs-blob-store.ts';
import { any, args, str } from '../args.ts';
import { defineOp, type JsonValue, type OpContext } from '../define-op.ts';
import { fileOpError } from '../file/file-errors.ts';
import { fileSpaceOf } from '../file/file-space.ts';
import { nodeFolder } from './s3.ts';
import { vendorGateOf } from './vendor-gate.ts';

/** A service-account key from a script: an object, or its JSON text. */
export function serviceAccountKey(op: string, v: JsonValue): Record<string, unknown> {
  let key: unknown = v;
  if (typeof v === 'string') {
    try {
      key = JSON.parse(v);
    } catch {
      throw new Error(`${op}: the service-account key must be the key file's JSON object (or its text)`);
    }
  }
  if (key === null || typeof key !== 'object' || Array.isArray(key)) throw new Error(`${op}: the service-account key must be an object like {"type":"service_account","client_email":…,"private_key":…}`);
  return key as Record<string, unknown>;
}

function storeFor(ctx: OpContext, op: string, bucket: string, key: JsonValue): GcsBlobStore {
  return new GcsBlobStore({ bucket, key: serviceAccountKey(op, key), endpoint: ctx.config.recording.gcs.endpoint || undefined });
}

function opError(op: string, e: unknown): Error {
  if (e instanceof BlobStoreError) return Object.assign(new Error(`${op}: ${e.message}`), { code: e.code });
  return e as Error;
}

export const gcsOps = [
  defineOp({
    name: 'vendor.gcs.put',
    kind: 'async',
    args: args([str('bucket', { nonEmpty: true }), str('path'), any('serviceAccountKeyObject')]),
    signature: '(bucket: string, path: string, serviceAccountKeyObject: object): string',
    doc: 'Uploads the file at `path` (relative to the data directory) to the GCS `bucket` as `<nodeName>_<nodeIP>/<file name>` with the given service-account key (the parsed key file) and returns the object URL, once GCS confirmed the object (size and MD5).',
    async run(ctx, bucket, p, key) {
      const store = storeFor(ctx, 'vendor.gcs.put', bucket, key);
      const space = fileSpaceOf(ctx);
      let abs: string;
      try {
        abs = await space.resolve(p);
        if (!(await stat(abs)).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR', path: abs });
      } catch (e) {
        throw fileOpError('vendor.gcs.put', e, await space.root().catch(() => null));
      }
      vendorGateOf(ctx).take('vendor.gcs.put', ctx.script.id, ctx.clock.now());
      try {
        return (await store.put(`${nodeFolder(ctx.node)}/${path.basename(abs)}`, { file: abs })).url;
      } catch (e) {
        throw opError('vendor.gcs.put', e);
      }
    },
  }),
  defineOp({
    name: 'vendor.gcs.clear',
    kind: 'async',
    args: args([str('bucket', { nonEmpty: true }), any('serviceAccountKeyObject')]),
    signature: '(bucket: string, serviceAccountKeyObject: object): number',
    doc: 'Deletes this node\'s folder (`<nodeName>_<nodeIP>/`) in the GCS `bucket`; returns how many objects were deleted.',
    async run(ctx, bucket, key) {
      const store = storeFor(ctx, 'vendor.gcs.clear', bucket, key);
      vendorGateOf(ctx).take('vendor.gcs.clear', ctx.script.id, ctx.clock.now());
      try {
        return await store.deletePrefix(`${nodeFolder(ctx.node)}/`);
      } catch (e) {
        throw opError('vendor.gcs.clear', e);
      }
    },
  }),
];
