/**
 * Kubeshark-shaped `request` / `response` fields of an HTTP/1.x item (SCRIPT-API.md §4).
 *
 * Request: `{method, url, targetUri, path, pathSegments, queryString, headers, cookies,
 * headersSize, bodySize, postData: {mimeType, text, params[, encoding]}, httpVersion}`.
 * Response: `{status, statusText, httpVersion, headers, cookies, content: {encoding:
 * 'base64', mimeType, size, text}, redirectURL, headersSize, bodySize}`.
 * Decisions: `url` is absolute (`http://<Host><target>`) when Host is known or the target
 * is absolute-form; `path` has no query; `queryString` values are URL-decoded and a
 * repeated key gives an array; `postData.text` is UTF-8 text for textual types, else
 * base64 with `postData.encoding = 'base64'`; `content.text` is base64 of the decoded body.
 */
import { base64Text, utf8Text } from '../byte-text.ts';
import { multiField, putField } from '../record-fields.ts';
import type { HttpHead } from './http-head.ts';

const TEXTUAL = /json|^text\/|xml|x-www-form-urlencoded|graphql|javascript|ecmascript|yaml/i;

function decodeComponent(s: string): string {
  if (s.indexOf('%') < 0 && s.indexOf('+') < 0) return s;
  const t = s.indexOf('+') < 0 ? s : s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(t);
  } catch {
    return t;
  }
}

/** `a=1&b=2&a=3` → `{a: ['1', '3'], b: '2'}` (values URL-decoded). */
export function parseQuery(q: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  let first = true;
  for (let p = 0; p < q.length; ) {
    let amp = q.indexOf('&', p);
    if (amp < 0) amp = q.length;
    if (amp > p) {
      const eq = q.indexOf('=', p);
      const k = decodeComponent(eq < 0 || eq > amp ? q.slice(p, amp) : q.slice(p, eq));
      const v = eq < 0 || eq > amp ? '' : decodeComponent(q.slice(eq + 1, amp));
      if (first) putField(out, k, v);
      else multiField(out, k, v);
      first = false;
    }
    p = amp + 1;
  }
  return out;
}

/** Form body fields as `[{name, value}]`, URL-decoded, in order. */
function formParams(text: string): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  for (const part of text.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    out.push({ name: decodeComponent(eq < 0 ? part : part.slice(0, eq)), value: eq < 0 ? '' : decodeComponent(part.slice(eq + 1)) });
  }
  return out;
}

/** Request `Cookie: a=1; b=2` → `{a: '1', b: '2'}`. */
function requestCookies(header: string): Record<string, string> {
  const out: Record<string, string> = {};
  if (header === '') return out;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    const name = (eq < 0 ? part : part.slice(0, eq)).trim();
    if (name) putField(out, name, eq < 0 ? '' : part.slice(eq + 1).trim());
  }
  return out;
}

/** Response `Set-Cookie` values → `{name: value}` (attributes dropped). */
function responseCookies(values: string[] | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!values) return out;
  for (const v of values) {
    const semi = v.indexOf(';');
    const pair = semi < 0 ? v : v.slice(0, semi);
    const eq = pair.indexOf('=');
    const name = (eq < 0 ? pair : pair.slice(0, eq)).trim();
    if (name) putField(out, name, eq < 0 ? '' : pair.slice(eq + 1).trim());
  }
  return out;
}

/** Absolute-form target (`http://host/...`, RFC 9112 §3.2.2). */
function isAbsolute(t: string): boolean {
  return t.length > 7 && (t.charCodeAt(0) | 32) === 104 && /^https?:\/\//i.test(t);
}

/** The item `url`: absolute as sent, or built from Host for an origin-form target. */
function urlOf(h: HttpHead): string {
  const t = h.target;
  if (isAbsolute(t)) return t;
  return h.host !== '' && t.charCodeAt(0) === 47 ? `http://${h.host}${t}` : t;
}

/** Path and query part of the target: no scheme/authority, no fragment. */
function pathAndQuery(t: string): string {
  let rest = t;
  if (isAbsolute(t)) {
    const slash = t.indexOf('/', t.indexOf('//') + 2);
    rest = slash < 0 ? '/' : t.slice(slash);
  }
  const hash = rest.indexOf('#');
  return hash >= 0 ? rest.slice(0, hash) : rest;
}

function segments(path: string): string[] {
  const out: string[] = [];
  let start = 0;
  for (let i = 0; i <= path.length; i++) {
    if (i === path.length || path.charCodeAt(i) === 47) {
      if (i > start) out.push(path.slice(start, i));
      start = i + 1;
    }
  }
  return out;
}

export function requestFields(h: HttpHead, body: Uint8Array, bodySize: number): Record<string, any> {
  const url = urlOf(h);
  const rest = pathAndQuery(h.target);
  const q = rest.indexOf('?');
  const path = q < 0 ? rest : rest.slice(0, q);
  const query = q < 0 ? '' : rest.slice(q + 1);
  const mimeType = h.contentType;
  const postData: Record<string, any> = { mimeType, text: '', params: [] };
  if (body.length > 0) {
    if (TEXTUAL.test(mimeType)) {
      postData.text = utf8Text(body, 0, body.length);
      if (/x-www-form-urlencoded/i.test(mimeType)) postData.params = formParams(postData.text);
    } else {
      postData.text = base64Text(body, 0, body.length);
      postData.encoding = 'base64';
    }
  }
  return {
    method: h.method,
    url,
    targetUri: h.target,
    path,
    pathSegments: segments(path),
    queryString: parseQuery(query),
    headers: h.headers,
    cookies: requestCookies(h.cookie),
    headersSize: h.size,
    bodySize,
    postData,
    httpVersion: h.version,
  };
}

export function responseFields(h: HttpHead, body: Uint8Array, bodySize: number): Record<string, any> {
  const text = base64Text(body, 0, body.length);
  return {
    status: h.status,
    statusText: h.reason,
    httpVersion: h.version,
    headers: h.headers,
    cookies: responseCookies(h.setCookies),
    content: { encoding: 'base64', mimeType: h.contentType, size: body.length, text },
    redirectURL: h.location,
    headersSize: h.size,
    bodySize,
  };
}
