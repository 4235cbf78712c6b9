/**
 * How a message body is shown: pretty-printed JSON, text, or a hex dump for binary —
 * always as text for the DOM (never as markup). Pure; works on the item shapes of
 * capture/dissect (HTTP `postData {text, encoding?}`, `content {text (base64), encoding}`).
 */

export type BodyKind = 'empty' | 'json' | 'text' | 'binary';

export interface DecodedBody {
  kind: BodyKind;
  /** JSON pretty-printed, or the text, or the hex dump. */
  display: string;
  /** Bytes of the body (after base64 decoding). */
  size: number;
  mimeType: string;
  /** The dump was cut at `HEX_LIMIT` bytes. */
  truncated: boolean;
}

export const HEX_LIMIT = 64 * 1024;
const TEXT_LIMIT = 1024 * 1024;

export function base64ToBytes(b64: string): Uint8Array {
  try {
    const bin = atob(b64.replace(/\s+/g, ''));
    const out = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
    return out;
  } catch {
    return new TextEncoder().encode(b64);
  }
}

/** UTF-8 text with few control characters (tab, CR, LF allowed), or null. */
export function bytesAsText(bytes: Uint8Array): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 127) control++;
  }
  return control > text.length / 100 ? null : text;
}

/** `00000000  48 65 6c 6c 6f 20 77 6f  72 6c 64 0a              |Hello world.|` */
export function hexDump(bytes: Uint8Array, limit = HEX_LIMIT): string {
  const n = Math.min(bytes.length, limit);
  const lines: string[] = [];
  for (let off = 0; off < n; off += 16) {
    let hex = '';
    let ascii = '';
    for (let i = 0; i < 16; i++) {
      if (i === 8) hex += ' ';
      if (off + i < n) {
        const b = bytes[off + i];
        hex += b.toString(16).padStart(2, '0') + ' ';
        ascii += b >= 32 && b < 127 ? String.fromCharCode(b) : '.';
      } else hex += '   ';
    }
    lines.push(`${off.toString(16).padStart(8, '0')}  ${hex} |${ascii}|`);
  }
  return lines.join('\n');
}

/** JSON text pretty-printed with 2 spaces, or null when it is not JSON. */
export function prettyJson(text: string): string | null {
  const t = text.trim();
  if (!(t.startsWith('{') || t.startsWith('['))) return null;
  try {
    return JSON.stringify(JSON.parse(t), null, 2);
  } catch {
    return null;
  }
}

/** Decide how to show a body given its text, encoding and MIME type. */
export function decodeBody(text: string | undefined | null, encoding: string | undefined, mimeType = ''): DecodedBody {
  if (!text) return { kind: 'empty', display: '', size: 0, mimeType, truncated: false };
  const bytes = encoding === 'base64' ? base64ToBytes(text) : null;
  const asText = bytes ? bytesAsText(bytes) : text;
  const size = bytes ? bytes.length : new TextEncoder().encode(text).length;
  if (asText === null) {
    return { kind: 'binary', display: hexDump(bytes!), size, mimeType, truncated: size > HEX_LIMIT };
  }
  const json = /json|\+json/i.test(mimeType) || /^\s*[{[]/.test(asText) ? prettyJson(asText) : null;
  if (json !== null) return { kind: 'json', display: json, size, mimeType, truncated: false };
  const cut = asText.length > TEXT_LIMIT;
  return { kind: 'text', display: cut ? asText.slice(0, TEXT_LIMIT) : asText, size, mimeType, truncated: cut };
}

/** The request body of an HTTP-like item. */
export function requestBody(req: Record<string, any> | null): DecodedBody {
  const pd = req?.postData;
  if (pd && typeof pd === 'object') return decodeBody(pd.text, pd.encoding, pd.mimeType ?? '');
  return decodeBody(null, undefined);
}

/** The response body of an HTTP-like item. */
export function responseBody(res: Record<string, any> | null): DecodedBody {
  const c = res?.content;
  if (c && typeof c === 'object') return decodeBody(c.text, c.encoding, c.mimeType ?? '');
  return decodeBody(null, undefined);
}
