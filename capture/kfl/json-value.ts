/**
 * `.json()`: turn a selected string into a JSON value so selection can go on
 * (`response.content.text.json().items[0].id == 3`).
 *
 * - A string that is valid base64 (standard alphabet, padded) whose bytes are UTF-8 JSON
 *   is decoded first (HTTP bodies are base64 in items);
 * - otherwise the string itself is parsed as JSON;
 * - an object or array is already JSON and passes through;
 * - anything else, or text that is not JSON, is missing (`undefined`).
 * Works in Node and browsers (atob + TextDecoder); never throws.
 */
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
const utf8 = new TextDecoder('utf-8', { fatal: true });

export function jsonValueOf(v: unknown): unknown {
  if (v !== null && typeof v === 'object') return v;
  if (typeof v !== 'string' || v.length === 0) return undefined;
  if (BASE64.test(v)) {
    const decoded = decodeBase64Text(v);
    if (decoded !== undefined) {
      const parsed = parseJson(decoded);
      if (parsed !== undefined) return parsed;
    }
  }
  return parseJson(v);
}

/** UTF-8 text of a base64 string, or undefined if the bytes are not valid UTF-8. */
function decodeBase64Text(b64: string): string | undefined {
  try {
    const bin = atob(b64);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/** JSON.parse without the exception for text that cannot be JSON at a glance. */
function parseJson(text: string): unknown {
  let i = 0;
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  const c = text[i];
  if (c === undefined || !(c === '{' || c === '[' || c === '"' || c === '-' || c === 't' || c === 'f' || c === 'n' || (c >= '0' && c <= '9'))) {
    return undefined;
  }
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
