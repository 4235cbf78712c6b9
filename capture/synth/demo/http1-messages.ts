/**
 * HTTP/1.1 messages of the demo services: requests with the headers real clients send
 * (Host, User-Agent, tracing and request ids), JSON bodies, and responses with a status
 * line, Content-Type and Content-Length (or chunked encoding).
 */

const enc = new TextEncoder();

const STATUS_TEXT: Record<number, string> = {
  200: 'OK',
  201: 'Created',
  204: 'No Content',
  301: 'Moved Permanently',
  400: 'Bad Request',
  401: 'Unauthorized',
  402: 'Payment Required',
  404: 'Not Found',
  409: 'Conflict',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export type Headers = [string, string][];

export interface HttpRequestSpec {
  method: string;
  /** Path with query string. */
  path: string;
  host: string;
  userAgent: string;
  headers?: Headers;
  /** JSON body (POST/PUT). */
  body?: string;
}

export function httpRequest(r: HttpRequestSpec): Uint8Array {
  let head = `${r.method} ${r.path} HTTP/1.1\r\nHost: ${r.host}\r\nUser-Agent: ${r.userAgent}\r\nAccept: application/json\r\n`;
  for (const [k, v] of r.headers ?? []) head += `${k}: ${v}\r\n`;
  if (r.body !== undefined) head += `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(r.body)}\r\n`;
  return enc.encode(`${head}\r\n${r.body ?? ''}`);
}

export interface HttpResponseSpec {
  status: number;
  body: string;
  contentType?: string;
  headers?: Headers;
  chunked?: boolean;
}

export function httpResponse(r: HttpResponseSpec): Uint8Array {
  let head = `HTTP/1.1 ${r.status} ${STATUS_TEXT[r.status] ?? 'Unknown'}\r\nContent-Type: ${r.contentType ?? 'application/json'}\r\n`;
  for (const [k, v] of r.headers ?? []) head += `${k}: ${v}\r\n`;
  if (!r.chunked) return enc.encode(`${head}Content-Length: ${Buffer.byteLength(r.body)}\r\n\r\n${r.body}`);
  const half = r.body.length >> 1;
  const a = r.body.slice(0, half);
  const b = r.body.slice(half);
  const chunk = (s: string) => (s.length ? `${Buffer.byteLength(s).toString(16)}\r\n${s}\r\n` : '');
  return enc.encode(`${head}Transfer-Encoding: chunked\r\n\r\n${chunk(a)}${chunk(b)}0\r\n\r\n`);
}

/** A JSON error body in the shape the demo services use. */
export function errorBody(status: number, message: string): string {
  return JSON.stringify({ error: STATUS_TEXT[status] ?? 'Error', status, message });
}

/** A W3C traceparent header value for trace `trace` and span `span`. */
export function traceparent(trace: number, span: number): string {
  const hex = (n: number, len: number) => (n >>> 0).toString(16).padStart(8, '0').repeat(Math.ceil(len / 8)).slice(0, len);
  return `00-${hex(trace * 2654435761, 32)}-${hex(span * 40503 + trace, 16)}-01`;
}
