/**
 * KFL lexer: query text → tokens with positions. Runs once per compile, never per item.
 *
 * Tokens: names (`http`, `request`, `and` — keywords are names the parser recognises),
 * numbers (`42`, `3.14`, `1e3`; the sign is the parser's unary `-`), strings (`"…"`, `'…'`
 * with escapes), regexes (`r"…"`, raw: backslashes are kept for the RegExp), punctuation
 * (`== != <= >= < > && || ! - ( ) [ ] . ,`), and `invalid` for any other character, so the
 * parser can say what it expected there. `//` starts a comment running to the end of line.
 * Only unterminated strings are reported here (ERR_KFL_SYNTAX).
 */
import { KflError, type KflPos } from './errors.ts';

export type TokenKind = 'name' | 'number' | 'string' | 'regex' | 'punct' | 'invalid' | 'eof';

export interface Token {
  kind: TokenKind;
  /** Source text of the token. */
  text: string;
  /** Decoded value: the string's contents, the regex source, the number. */
  value: string | number;
  pos: KflPos;
}

const TWO_CHAR = new Set(['==', '!=', '<=', '>=', '&&', '||']);
const ONE_CHAR = new Set(['<', '>', '!', '-', '(', ')', '[', ']', '.', ',']);
const SIMPLE_ESCAPES: Record<string, string> = {
  n: '\n', t: '\t', r: '\r', b: '\b', f: '\f', v: '\v', '0': '\0', '\\': '\\', '"': '"', "'": "'", '/': '/',
};

const isNameStart = (c: string): boolean => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c === '_';
const isDigit = (c: string): boolean => c >= '0' && c <= '9';
const isNamePart = (c: string): boolean => isNameStart(c) || isDigit(c);
const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\n' || c === '\r' || c === '\f' || c === '\v' || c === '\u00a0' || c === '\ufeff';

export function lex(query: string): Token[] {
  const out: Token[] = [];
  const pos = positionsOf(query);
  let i = 0;
  while (i < query.length) {
    const c = query[i];
    if (isSpace(c)) {
      i++;
      continue;
    }
    if (c === '/' && query[i + 1] === '/') {
      while (i < query.length && query[i] !== '\n' && query[i] !== '\r') i++;
      continue;
    }
    const start = i;
    if (c === 'r' && (query[i + 1] === '"' || query[i + 1] === "'")) {
      const source = readQuoted(query, i + 1, true);
      if (!source.closed) throw unterminated(query, pos(start, 1), query[start + 1]);
      i = source.end;
      out.push({ kind: 'regex', text: query.slice(start, i), value: source.value, pos: pos(start, i - start) });
      continue;
    }
    if (c === '"' || c === "'") {
      const s = readQuoted(query, i, false);
      if (!s.closed) throw unterminated(query, pos(start, 1), c);
      i = s.end;
      out.push({ kind: 'string', text: query.slice(start, i), value: s.value, pos: pos(start, i - start) });
      continue;
    }
    if (isNameStart(c)) {
      while (i < query.length && isNamePart(query[i])) i++;
      const text = query.slice(start, i);
      out.push({ kind: 'name', text, value: text, pos: pos(start, i - start) });
      continue;
    }
    if (isDigit(c)) {
      i = numberEnd(query, i);
      const text = query.slice(start, i);
      out.push({ kind: 'number', text, value: Number(text), pos: pos(start, i - start) });
      continue;
    }
    const two = query.slice(i, i + 2);
    if (TWO_CHAR.has(two)) {
      i += 2;
      out.push({ kind: 'punct', text: two, value: two, pos: pos(start, 2) });
      continue;
    }
    // One code point, so an emoji is reported whole.
    const ch = String.fromCodePoint(query.codePointAt(i) ?? 0);
    i += ch.length;
    out.push({ kind: ONE_CHAR.has(ch) ? 'punct' : 'invalid', text: ch, value: ch, pos: pos(start, ch.length) });
  }
  out.push({ kind: 'eof', text: '', value: '', pos: pos(query.length, 0) });
  return out;
}

/**
 * Offset → position mapper for `query`. Line breaks are `\r\n`, `\n` or `\r` (the same
 * rule `snippetAt` splits by); columns count UTF-16 units from 1.
 */
export function positionsOf(query: string): (offset: number, length: number) => KflPos {
  const starts = [0];
  for (let i = 0; i < query.length; i++) {
    const c = query[i];
    if (c === '\n' || (c === '\r' && query[i + 1] !== '\n')) starts.push(i + 1);
  }
  return (offset, length) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { offset, line: lo + 1, column: offset - starts[lo] + 1, length };
  };
}

/** End of the number starting at `i`: digits, optional fraction, optional exponent. */
function numberEnd(query: string, i: number): number {
  const digitAt = (k: number): boolean => isDigit(query[k] ?? '');
  while (digitAt(i)) i++;
  if (query[i] === '.' && digitAt(i + 1)) {
    i++;
    while (digitAt(i)) i++;
  }
  const e = query[i];
  if ((e === 'e' || e === 'E') && (digitAt(i + 1) || ((query[i + 1] === '+' || query[i + 1] === '-') && digitAt(i + 2)))) {
    i += 2;
    while (digitAt(i)) i++;
  }
  return i;
}

function unterminated(query: string, p: KflPos, quote: string): KflError {
  return new KflError('ERR_KFL_SYNTAX', query, p, { what: 'unterminated string', expected: [`a closing ${quote}`] });
}

/**
 * Read a quoted literal whose opening quote is `query[at]`. Raw (regex) literals keep
 * backslash escapes as written, except an escaped delimiter, which becomes the bare quote.
 * Cooked strings decode escapes; an unknown escape keeps its backslash (`"\d"` is `\d`).
 */
function readQuoted(query: string, at: number, raw: boolean): { value: string; end: number; closed: boolean } {
  const quote = query[at];
  let i = at + 1;
  let value = '';
  while (i < query.length) {
    const c = query[i];
    if (c === quote) return { value, end: i + 1, closed: true };
    if (c !== '\\' || i + 1 >= query.length) {
      value += c;
      i++;
      continue;
    }
    const e = query[i + 1];
    if (raw) {
      value += e === quote ? quote : c + e;
      i += 2;
      continue;
    }
    const decoded = decodeEscape(query, i);
    value += decoded.text;
    i += decoded.length;
  }
  return { value, end: i, closed: false };
}

/** Decode the escape at `query[i] === '\\'`: the text it stands for and how many chars it spans. */
function decodeEscape(query: string, i: number): { text: string; length: number } {
  const e = query[i + 1];
  if (Object.hasOwn(SIMPLE_ESCAPES, e)) return { text: SIMPLE_ESCAPES[e], length: 2 };
  if (e === 'x' && /^[0-9a-fA-F]{2}$/.test(query.slice(i + 2, i + 4))) {
    return { text: String.fromCharCode(parseInt(query.slice(i + 2, i + 4), 16)), length: 4 };
  }
  if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(query.slice(i + 2, i + 6))) {
    return { text: String.fromCharCode(parseInt(query.slice(i + 2, i + 6), 16)), length: 6 };
  }
  if (e === 'u' && query[i + 2] === '{') {
    const m = /^\{([0-9a-fA-F]{1,6})\}/.exec(query.slice(i + 2, i + 11));
    const cp = m ? parseInt(m[1], 16) : -1;
    if (m && cp <= 0x10ffff) return { text: String.fromCodePoint(cp), length: 2 + m[0].length };
  }
  return { text: '\\' + e, length: 2 };
}
