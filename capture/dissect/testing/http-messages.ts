/** HTTP/1.x message builders for tests (latin1 strings → bytes). */

export type Headers = [string, string][];

function head(start: string, headers: Headers): string {
  return start + '\r\n' + headers.map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n';
}

function concat(a: string, body: Uint8Array | string): Uint8Array {
  const b = typeof body === 'string' ? Buffer.from(body, 'latin1') : body;
  return Buffer.concat([Buffer.from(a, 'latin1'), b]);
}

/** Request with the given headers; a Content-Length is added for a body unless `raw`. */
export function request(method: string, target: string, headers: Headers = [], body: Uint8Array | string = '', o: { version?: string; raw?: boolean } = {}): Uint8Array {
  const h: Headers = [...headers];
  if (!o.raw && body.length > 0 && !h.some(([k]) => /^(content-length|transfer-encoding)$/i.test(k))) h.push(['Content-Length', String(body.length)]);
  return concat(head(`${method} ${target} ${o.version ?? 'HTTP/1.1'}`, h), body);
}

/** Response; Content-Length is added unless `raw` or a framing header is present. */
export function response(status: number, reason: string, headers: Headers = [], body: Uint8Array | string = '', o: { version?: string; raw?: boolean } = {}): Uint8Array {
  const h: Headers = [...headers];
  if (!o.raw && !h.some(([k]) => /^(content-length|transfer-encoding)$/i.test(k))) h.push(['Content-Length', String(body.length)]);
  return concat(head(`${o.version ?? 'HTTP/1.1'} ${status} ${reason}`, h), body);
}

/** Chunked encoding of `body` cut at `sizes` (the rest as one chunk), with extensions and trailers. */
export function chunked(body: Uint8Array | string, sizes: number[] = [], trailers: Headers = [], ext = ''): Uint8Array {
  const b = typeof body === 'string' ? Buffer.from(body, 'latin1') : Buffer.from(body);
  const parts: Buffer[] = [];
  let p = 0;
  for (const s of [...sizes, b.length]) {
    const n = Math.min(s, b.length - p);
    if (n <= 0) continue;
    parts.push(Buffer.from(n.toString(16) + ext + '\r\n', 'latin1'), b.subarray(p, p + n), Buffer.from('\r\n'));
    p += n;
  }
  parts.push(Buffer.from('0\r\n' + trailers.map(([k, v]) => `${k}: ${v}\r\n`).join('') + '\r\n', 'latin1'));
  return Buffer.concat(parts);
}

export function cat(...parts: (Uint8Array | string)[]): Uint8Array {
  return Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : p)));
}
