/**
 * Content-Encoding decoding for display (gzip, x-gzip, deflate as zlib or raw, br).
 *
 * Contract: never throws. Decoding tolerates a truncated input (a body cut by the
 * capture cap or a gap decodes as far as it goes). Output is capped at `cap` bytes: a
 * body that inflates beyond it (zip bomb) is counted as `http_body_decode_cap` and the
 * longest decodable prefix that fits is returned. Undecodable data is counted as
 * `http_body_decode_failed` and returned as it was; an unknown coding as
 * `http_unknown_content_encoding`.
 */
import zlib from 'node:zlib';

type Inflate = (b: Uint8Array, o: zlib.ZlibOptions & zlib.BrotliOptions) => Buffer;

const Z_OPTS = { finishFlush: zlib.constants.Z_SYNC_FLUSH };
const BR_OPTS = { finishFlush: zlib.constants.BROTLI_OPERATION_FLUSH };

function isZlibHeader(b: Uint8Array): boolean {
  return b.length >= 2 && (b[0] & 0x0f) === 8 && (b[0] >> 4) <= 7 && ((b[0] << 8) | b[1]) % 31 === 0;
}

function inflater(coding: string, body: Uint8Array): { fn: Inflate; opts: object } | null {
  switch (coding) {
    case 'gzip':
    case 'x-gzip':
      return { fn: zlib.gunzipSync as Inflate, opts: Z_OPTS };
    case 'deflate':
      return { fn: (isZlibHeader(body) ? zlib.inflateSync : zlib.inflateRawSync) as Inflate, opts: Z_OPTS };
    case 'br':
      return { fn: zlib.brotliDecompressSync as Inflate, opts: BR_OPTS };
    default:
      return null;
  }
}

function tooLarge(e: unknown): boolean {
  return (e as { code?: string })?.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError;
}

/** Largest decodable prefix of `body` whose output fits in `cap` (bisection on input length). */
function fitPrefix(fn: Inflate, opts: object, body: Uint8Array, cap: number): Uint8Array {
  let lo = 0;
  let hi = body.length;
  let best: Uint8Array = EMPTY;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      best = fn(body.subarray(0, mid), { ...opts, maxOutputLength: cap });
      lo = mid;
    } catch (e) {
      if (!tooLarge(e)) return best;
      hi = mid - 1;
    }
  }
  return best;
}

function decodeOne(coding: string, body: Uint8Array, cap: number, weird: (n: string) => void): Uint8Array | null {
  const inf = inflater(coding, body);
  if (!inf) {
    weird('http_unknown_content_encoding');
    return null;
  }
  if (body.length === 0) return body;
  try {
    return inf.fn(body, { ...inf.opts, maxOutputLength: cap });
  } catch (e) {
    if (tooLarge(e)) {
      weird('http_body_decode_cap');
      return fitPrefix(inf.fn, inf.opts, body, cap);
    }
    weird('http_body_decode_failed');
    return null;
  }
}

/**
 * Decode `body` per the Content-Encoding header value `encoding` (codings applied in
 * order, so they are undone in reverse). Returns `body` itself when there is nothing to
 * do or decoding fails.
 */
export function decodeContent(body: Uint8Array, encoding: string, cap: number, weird: (n: string) => void): Uint8Array {
  if (encoding === '' || body.length === 0) return body;
  const codings = encoding.toLowerCase().split(',');
  let out = body;
  for (let i = codings.length - 1; i >= 0; i--) {
    const c = codings[i].trim();
    if (c === '' || c === 'identity') continue;
    const next = decodeOne(c, out, cap, weird);
    if (next === null) return out;
    out = next;
  }
  return out;
}

const EMPTY = new Uint8Array(0);
