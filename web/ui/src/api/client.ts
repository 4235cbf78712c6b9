/**
 * Fetch wrapper for the dashboard API: JSON in and out, the token on every non-GET call,
 * and errors as `ApiError` carrying the server's `{code, message, ...}` body. A 401 asks
 * the app for the token (see `onUnauthorized`).
 */
import { getToken } from './token.ts';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The whole error body (KFL errors add line, column, offset, length …). */
    readonly body: Record<string, unknown>,
  ) {
    super(message);
  }
}

let unauthorized: () => void = () => undefined;

/** Called when the server answers 401 (no or wrong token). */
export function onUnauthorized(fn: () => void): void {
  unauthorized = fn;
}

export type Query = Record<string, string | number | boolean | null | undefined>;

export function withQuery(path: string, q: Query = {}): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== null && v !== '') p.set(k, String(v));
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}

async function request<T>(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = getToken();
  if (method !== 'GET' && token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'ERR_NETWORK', 'the Wirehook server is not reachable; is `wirehook start` still running?', {});
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = { message: text };
    }
  }
  if (!res.ok) {
    const b = (data && typeof data === 'object' ? data : {}) as Record<string, unknown>;
    if (res.status === 401) unauthorized();
    throw new ApiError(res.status, String(b.code ?? `HTTP_${res.status}`), String(b.message ?? res.statusText), b);
  }
  return data as T;
}

export const api = {
  get: <T>(path: string, q?: Query, signal?: AbortSignal) => request<T>('GET', withQuery(path, q), undefined, signal),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body ?? {}),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  del: <T>(path: string) => request<T>('DELETE', path),
};

/** A link that downloads with the token (downloads cannot send headers). */
export function downloadUrl(path: string, q: Query = {}): string {
  const token = getToken();
  return withQuery(path, { ...q, token: token ?? undefined });
}

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return `${e.message} (${e.code})`;
  return e instanceof Error ? e.message : String(e);
}
