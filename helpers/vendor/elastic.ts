/**
 * vendor.elastic(url, index, data, username?, password?, cloudID?, apiKey?, serviceToken?,
 * certificateFingerprint?) — Kubeshark's argument order. Indexes one document:
 * `POST <base>/<index>/_doc` with the JSON of `data` (a string is sent as is).
 *
 * - base: `url`, or — when `url` is "" — derived from an Elastic Cloud ID
 *   (`name:base64("<host>$<es-uuid>$…")` → `https://<es-uuid>.<host>`), as the Go client does;
 * - auth, first that is set: `apiKey` → `Authorization: ApiKey …`, `serviceToken` →
 *   `Bearer …`, `username`/`password` → Basic;
 * - `certificateFingerprint` (SHA-256 hex, as Elasticsearch prints it on first start): the
 *   https server is trusted when its certificate chain contains that certificate, instead of
 *   checking it against the system CAs (self-signed clusters).
 * A non-2xx answer throws with Elasticsearch's message.
 */
import { any, args, optional, str } from '../args.ts';
import { defineOp } from '../define-op.ts';
import { expectOk, vendorCall } from './vendor-gate.ts';
import { VendorError } from './vendor-http.ts';

/** `https://<es-uuid>.<host>` from an Elastic Cloud ID. */
export function urlFromCloudId(op: string, cloudId: string): string {
  const i = cloudId.indexOf(':');
  const decoded = i > 0 ? Buffer.from(cloudId.slice(i + 1), 'base64').toString('utf8') : '';
  const [host, uuid] = decoded.split('$');
  if (!host || !uuid || /[\s/]/.test(host + uuid)) {
    throw new VendorError('ERR_VENDOR_ARGUMENT', `${op}: cloudID ${JSON.stringify(cloudId)} is not an Elastic Cloud ID ("<name>:<base64 of host$es-uuid$kibana-uuid>")`);
  }
  return `https://${uuid}.${host}`;
}

function authorization(username: string, password: string, apiKey: string, serviceToken: string): Record<string, string> {
  if (apiKey) return { Authorization: `ApiKey ${apiKey}` };
  if (serviceToken) return { Authorization: `Bearer ${serviceToken}` };
  if (username || password) return { Authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` };
  return {};
}

const opt = (name: string) => optional(str(name, { maxLength: 8192 }));

export const elasticOps = [
  defineOp({
    name: 'vendor.elastic',
    kind: 'async',
    args: args([str('url', { maxLength: 2048 }), str('index', { nonEmpty: true, maxLength: 255 }), any('data'), opt('username'), opt('password'), opt('cloudID'), opt('apiKey'), opt('serviceToken'), opt('certificateFingerprint')]),
    signature:
      '(url: string, index: string, data: object, username?: string, password?: string, cloudID?: string, apiKey?: string, serviceToken?: string, certificateFingerprint?: string): void',
    doc:
      'Indexes `data` as one JSON document into Elasticsearch index `index` (`POST <url>/<index>/_doc`). For Elastic Cloud pass `""` as `url` and set `cloudID` and `apiKey`. ' +
      'Auth: `apiKey`, else `serviceToken` (Bearer), else `username`/`password` (Basic). `certificateFingerprint` (SHA-256 hex) trusts a self-signed cluster certificate. Throws when Elasticsearch refuses the document.',
    async run(ctx, url, index, data, username, password, cloudId, apiKey, serviceToken, fingerprint) {
      const op = 'vendor.elastic';
      let base = url.trim();
      if (!base) {
        if (!cloudId) throw new VendorError('ERR_VENDOR_ARGUMENT', `${op}: give a url, or "" as url and a cloudID`);
        base = urlFromCloudId(op, cloudId);
      }
      if (data === null) throw new VendorError('ERR_VENDOR_ARGUMENT', `${op}: argument 3 (data) must be an object or a JSON string`);
      const res = await vendorCall(ctx, op, {
        method: 'POST',
        url: `${base.replace(/\/+$/, '')}/${encodeURIComponent(index)}/_doc`,
        headers: { 'Content-Type': 'application/json', ...authorization(username ?? '', password ?? '', apiKey ?? '', serviceToken ?? '') },
        body: typeof data === 'string' ? data : JSON.stringify(data),
        pinSha256: fingerprint || undefined,
      });
      expectOk(op, 'Elasticsearch', res);
    },
  }),
];
