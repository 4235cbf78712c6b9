/**
 * vendor.s3.* (SCRIPT-API.md §3) on the S3 BlobStore (capture/store/blob/s3-blob-store.ts):
 * objects go to `<nodeName>_<nodeIP>/<file name>` — one folder per node, so `clear` removes
 * only this node's uploads. Paths are data-dir relative (helpers/file/safe-path.ts).
 * Endpoint and path style for S3-compatible stores come from the config
 * (`recording.s3.endpoint`, `recording.s3.forcePathStyle`, also WIREHOOK_RECORDING_S3_*) or
 * the AWS variables `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL` (path style then on unless
 * `AWS_S3_FORCE_PATH_STYLE=false`). Without keys the default AWS credential chain is used.
 * A put resolves once the store confirmed the object (size, MD5); calls count against the
 * script's vendor rate limit (vendor.callsPerMinute).
 */
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { BlobStoreError } from '../../capture/store/blob/blob-store.ts';
import { S3BlobStore } from '../../capture/store/blob/s3-blob-store.ts';
import type { WirehookConfig } from '../../runtime/config.ts';
import { args, optional, str } from '../args.ts';
import { defineOp, type OpContext } from '../define-op.ts';
import { fileOpError } from '../file/file-errors.ts';
import { fileSpaceOf } from '../file/file-space.ts';
import { vendorGateOf } from './vendor-gate.ts';

/** AWS-style region names: us-east-1, eu-central-2, us-gov-west-1, cn-north-1 … */
const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d+$/;

/** The folder of this node in a bucket: `<nodeName>_<nodeIP>`. */
export function nodeFolder(node: { name: string; ip: string }): string {
  return `${node.name}_${node.ip}`;
}

/** Endpoint override for S3-compatible stores: config first, then the AWS environment variables. */
export function s3Endpoint(config: WirehookConfig, env: NodeJS.ProcessEnv = process.env): { endpoint?: string; forcePathStyle: boolean } {
  if (config.recording.s3.endpoint) return { endpoint: config.recording.s3.endpoint, forcePathStyle: config.recording.s3.forcePathStyle };
  const fromEnv = env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL;
  if (fromEnv) return { endpoint: fromEnv, forcePathStyle: !/^(false|0|no)$/i.test(env.AWS_S3_FORCE_PATH_STYLE ?? '') };
  return { forcePathStyle: config.recording.s3.forcePathStyle };
}

function looksLikePath(s: string | undefined): boolean {
  return s !== undefined && /[/.]/.test(s);
}

async function exists(ctx: OpContext, p: string): Promise<boolean> {
  try {
    await stat(await fileSpaceOf(ctx).resolve(p));
    return true;
  } catch {
    return false;
  }
}

/**
 * Which argument order a 5-argument put uses: current `(bucket, path, region, keyID,
 * accessKey)` or legacy `(region, keyID, accessKey, bucket, path)`. Decided by, in turn:
 * which of arguments 1 and 3 is an AWS-style region; which of arguments 2 and 5 looks like
 * a path (has "/" or "."; key ids never do); which of them names an existing file.
 */
export async function isLegacyOrder(ctx: OpContext, a: string[]): Promise<boolean> {
  if (a.length < 5 || a[4] === undefined) return false;
  const r0 = REGION.test(a[0]);
  const r2 = REGION.test(a[2]);
  if (r0 !== r2) return r0;
  const p1 = looksLikePath(a[1]);
  const p4 = looksLikePath(a[4]);
  if (p1 !== p4) return p4;
  return (await exists(ctx, a[4])) && !(await exists(ctx, a[1]));
}

function storeFor(ctx: OpContext, bucket: string, region: string, keyId?: string, secret?: string): S3BlobStore {
  return new S3BlobStore({
    bucket,
    region,
    ...s3Endpoint(ctx.config),
    credentials: keyId ? { accessKeyId: keyId, secretAccessKey: secret ?? '' } : undefined,
  });
}

function opError(op: string, e: unknown): Error {
  if (e instanceof BlobStoreError) return Object.assign(new Error(`${op}: ${e.message}`), { code: e.code });
  return e as Error;
}

export const s3Ops = [
  defineOp({
    name: 'vendor.s3.put',
    kind: 'async',
    args: args([str('bucket'), str('path'), str('region'), optional(str('keyID')), optional(str('accessKey'))]),
    signature: '(bucket: string, path: string, region: string, keyID?: string, accessKey?: string): string',
    doc: 'Uploads the file at `path` (relative to the data directory) to the S3 `bucket` as `<nodeName>_<nodeIP>/<file name>` and returns the object URL, once S3 confirmed the object (size and MD5). Without `keyID`/`accessKey` the default AWS credential chain is used. The older order `vendor.s3.put(region, keyID, accessKey, bucket, path)` works too. S3-compatible stores: set `recording.s3.endpoint` (and `forcePathStyle`) or `AWS_ENDPOINT_URL_S3`.',
    async run(ctx, ...raw) {
      const a = raw.map((x) => x ?? '') as string[];
      const [bucket, p, region, keyId, secret] = (await isLegacyOrder(ctx, raw as string[])) ? [a[3], a[4], a[0], a[1], a[2]] : a;
      const space = fileSpaceOf(ctx);
      let abs: string;
      try {
        abs = await space.resolve(p);
        if (!(await stat(abs)).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR', path: abs });
      } catch (e) {
        throw fileOpError('vendor.s3.put', e, await space.root().catch(() => null));
      }
      vendorGateOf(ctx).take('vendor.s3.put', ctx.script.id, ctx.clock.now());
      try {
        const r = await storeFor(ctx, bucket, region, keyId, secret).put(`${nodeFolder(ctx.node)}/${path.basename(abs)}`, { file: abs });
        return r.url;
      } catch (e) {
        throw opError('vendor.s3.put', e);
      }
    },
  }),
  defineOp({
    name: 'vendor.s3.clear',
    kind: 'async',
    args: args([str('region'), str('keyID'), str('accessKey'), str('bucket', { nonEmpty: true })]),
    signature: '(region: string, keyID: string, accessKey: string, bucket: string): number',
    doc: 'Deletes this node\'s folder (`<nodeName>_<nodeIP>/`) in the S3 `bucket`; returns how many objects were deleted. Empty `keyID` = the default AWS credential chain.',
    async run(ctx, region, keyId, secret, bucket) {
      vendorGateOf(ctx).take('vendor.s3.clear', ctx.script.id, ctx.clock.now());
      try {
        return await storeFor(ctx, bucket, region, keyId, secret).deletePrefix(`${nodeFolder(ctx.node)}/`);
      } catch (e) {
        throw opError('vendor.s3.clear', e);
      }
    },
  }),
];
