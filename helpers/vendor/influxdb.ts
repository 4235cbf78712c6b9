/**
 * vendor.influxdb(url, token, organization, bucket, measurement, data, tags?) — argument
 * order of Kubeshark's helper reference and example scripts (older Kubeshark pages listed
 * `measurement` third; the current ones and every published script use the order above).
 * Writes one point with the InfluxDB v2 API: `POST <url>/api/v2/write?org=…&bucket=…&precision=ns`,
 * `Authorization: Token <token>`, line protocol body.
 *
 * Decided: every number becomes a float field (so a field never flips between integer and
 * float when a value happens to be whole), booleans stay booleans, strings are string
 * fields, objects and arrays are JSON-encoded strings, null values are left out. Tag values
 * are converted with String(). A `data` without any field writes nothing. The point's time
 * is the script's clock, in nanoseconds. A non-2xx answer throws with InfluxDB's message.
 */
import { args, obj, optional, str } from '../args.ts';
import { defineOp, type JsonValue } from '../define-op.ts';
import { expectOk, vendorCall } from './vendor-gate.ts';

const escapeKey = (s: string) => s.replace(/[\\,= ]/g, (c) => `\\${c}`).replace(/\n/g, '\\n');
const escapeMeasurement = (s: string) => s.replace(/[\\, ]/g, (c) => `\\${c}`).replace(/\n/g, '\\n');
const escapeString = (s: string) => s.replace(/[\\"]/g, (c) => `\\${c}`);

function fieldValue(v: JsonValue): string | null {
  if (v === null) return null;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  return `"${escapeString(typeof v === 'string' ? v : JSON.stringify(v))}"`;
}

/** One line-protocol point (tags and fields sorted by key), or null when there is no field. */
export function lineProtocol(measurement: string, data: Record<string, JsonValue>, tags: Record<string, JsonValue>, timeNs: bigint): string | null {
  const fields: string[] = [];
  for (const k of Object.keys(data).sort()) {
    const v = fieldValue(data[k]);
    if (v !== null) fields.push(`${escapeKey(k)}=${v}`);
  }
  if (fields.length === 0) return null;
  let head = escapeMeasurement(measurement);
  for (const k of Object.keys(tags).sort()) {
    const v = tags[k];
    const s = v === null ? '' : typeof v === 'string' ? v : typeof v === 'object' ? JSON.stringify(v) : String(v);
    if (s !== '') head += `,${escapeKey(k)}=${escapeKey(s)}`;
  }
  return `${head} ${fields.join(',')} ${timeNs}`;
}

export const influxOps = [
  defineOp({
    name: 'vendor.influxdb',
    kind: 'async',
    args: args([
      str('url', { nonEmpty: true, maxLength: 2048 }),
      str('token'),
      str('organization', { nonEmpty: true }),
      str('bucket', { nonEmpty: true }),
      str('measurement', { nonEmpty: true, maxLength: 1024 }),
      obj('data'),
      optional(obj('tags')),
    ]),
    signature: '(url: string, token: string, organization: string, bucket: string, measurement: string, data: Record<string, number | string | boolean>, tags?: Record<string, string>): void',
    doc:
      'Writes one point to InfluxDB 2 (`/api/v2/write`, token auth): `data` becomes the fields (numbers as floats, booleans, strings; objects JSON-encoded; null skipped), `tags` the tags, the time is now. ' +
      'A `data` without fields writes nothing. Throws when InfluxDB refuses the write.',
    async run(ctx, url, token, org, bucket, measurement, data, tags) {
      const line = lineProtocol(measurement, data, tags ?? {}, BigInt(Math.round(ctx.clock.now())) * 1_000_000n);
      if (line === null) return;
      const base = url.replace(/\/+$/, '');
      const res = await vendorCall(ctx, 'vendor.influxdb', {
        method: 'POST',
        url: `${base}/api/v2/write?${new URLSearchParams({ org, bucket, precision: 'ns' })}`,
        headers: { Authorization: `Token ${token}`, 'Content-Type': 'text/plain; charset=utf-8', Accept: 'application/json' },
        body: line,
      });
      expectOk('vendor.influxdb', 'InfluxDB', res);
    },
  }),
];
