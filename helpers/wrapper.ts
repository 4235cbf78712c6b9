/**
 * wrapper.* (SCRIPT-API.md §3): library functions on top of the other helpers.
 * `wrapper.pcapSnapshot` and `wrapper.kflPcapS3` are in wrapper-recording.ts.
 */
import { arr, args } from './args.ts';
import { defineGuestOp, defineOp } from './define-op.ts';
import { buildHar } from './har.ts';

/**
 * Deep merge adding numbers **(decided)**: returns a new object; for each key of `b`,
 * numbers are added to `a`'s, plain objects are merged recursively, anything else from `b`
 * replaces `a`'s value. Neither argument is changed. null/undefined count as `{}`.
 */
const joinMapsSource = `function joinMaps(a, b) {
  function isMap(v) { return v !== null && typeof v === 'object' && !Array.isArray(v); }
  function copy(v) {
    if (!isMap(v)) return v;
    var out = {};
    for (var k in v) if (Object.prototype.hasOwnProperty.call(v, k)) out[k] = copy(v[k]);
    return out;
  }
  function merge(x, y, depth) {
    if (depth > 100) throw new Error('wrapper.joinMaps: maps nested more than 100 levels deep');
    var out = copy(x);
    for (var k in y) {
      if (!Object.prototype.hasOwnProperty.call(y, k)) continue;
      var l = out[k], r = y[k];
      if (typeof l === 'number' && typeof r === 'number') out[k] = l + r;
      else if (isMap(l) && isMap(r)) out[k] = merge(l, r, depth + 1);
      else out[k] = copy(r);
    }
    return out;
  }
  if (a == null) a = {};
  if (b == null) b = {};
  if (!isMap(a)) throw new Error('wrapper.joinMaps: argument 1 (a) must be an object');
  if (!isMap(b)) throw new Error('wrapper.joinMaps: argument 2 (b) must be an object');
  return merge(a, b, 0);
}`;

export const wrapperOps = [
  defineGuestOp({
    name: 'wrapper.joinMaps',
    signature: '(a: object, b: object): object',
    doc: 'Deep merge that adds numbers: a new object where, for each key of `b`, numbers are added to those of `a`, nested objects are merged the same way, and other values of `b` replace those of `a`. Neither argument changes. Handy on the hub to combine maps sent by workers with `hub.action`.',
    source: joinMapsSource,
  }),
  defineOp({
    name: 'wrapper.buildHAR',
    kind: 'sync',
    args: args([arr('items')]),
    signature: '(items: Item[]): string',
    doc: 'A HAR 1.2 document (JSON string) with one entry per HTTP item (HTTP/1.x, HTTP/2, gRPC, GraphQL) of `items`; other items are skipped.',
    run: (_ctx, items) => JSON.stringify(buildHar(items)),
  }),
];
