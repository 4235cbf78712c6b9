/**
 * KFL errors. Every problem with a query is a `KflError` with a stable `code`, the
 * 1-based `line`/`column` where it was found, what the parser `expected` there, and a
 * `snippet` (the query line plus a caret under the column) for consoles and the UI.
 *
 * Message format (asserted by tests and shown to script authors by `kfl.match`):
 *   `${line}:${column}: <what went wrong>[, expected <a>, <b> or <c>][ (did you mean …?)]`
 */

/** Catalogue of error codes; `kflReference.errors` documents each one. */
export const KFL_ERROR_CODES = {
  ERR_KFL_SYNTAX: 'The query is not well-formed: an unexpected token, an unterminated string or a missing parenthesis.',
  ERR_KFL_UNKNOWN_MACRO: 'A bare name is neither a protocol macro, a KFL2 variable nor a field of the item (usually a typo; the message lists close names).',
  ERR_KFL_UNKNOWN_FUNCTION: 'A function or method that KFL does not have (the message lists close names).',
  ERR_KFL_BAD_REGEX: 'A regex literal or `.matches()` pattern that JavaScript cannot compile.',
  ERR_KFL_TYPE: 'A value used where it makes no sense: a literal or number as a condition, a regex with `<`, a bad date or duration, an index that is not a literal.',
  ERR_KFL_ARGUMENTS: 'A function or method called with the wrong number of arguments.',
  ERR_KFL_TOO_DEEP: 'Parentheses or negations nested more than 128 levels deep.',
} as const;

export type KflErrorCode = keyof typeof KFL_ERROR_CODES;

/** Where something is in the query text. `offset` is 0-based (UTF-16 units), line/column 1-based. */
export interface KflPos {
  offset: number;
  line: number;
  column: number;
  /** Length of the offending text (at least 1; 0 at end of query). */
  length: number;
}

export interface KflErrorDetail {
  /** What went wrong, without the position prefix, e.g. `unexpected token "?"`. */
  what: string;
  expected?: string[];
  /** Close names, shown as "(did you mean …?)". */
  suggestions?: string[];
}

export class KflError extends Error {
  override readonly name = 'KflError';
  readonly code: KflErrorCode;
  readonly line: number;
  readonly column: number;
  /** 0-based offset and length of the offending text, for editors that underline it. */
  readonly offset: number;
  readonly length: number;
  readonly expected: string[];
  readonly suggestions: string[];
  readonly snippet: string;

  constructor(code: KflErrorCode, query: string, pos: KflPos, detail: KflErrorDetail) {
    const expected = detail.expected ?? [];
    const suggestions = detail.suggestions ?? [];
    let message = `${pos.line}:${pos.column}: ${detail.what}`;
    if (expected.length) message += `, expected ${joinOr(expected)}`;
    if (suggestions.length) message += ` (did you mean ${joinOr(suggestions)}?)`;
    super(message);
    this.code = code;
    this.line = pos.line;
    this.column = pos.column;
    this.offset = pos.offset;
    this.length = pos.length;
    this.expected = expected;
    this.suggestions = suggestions;
    this.snippet = snippetAt(query, pos.line, pos.column);
  }
}

/** `a`, `a or b`, `a, b or c`. */
export function joinOr(xs: string[]): string {
  if (xs.length <= 1) return xs.join('');
  return `${xs.slice(0, -1).join(', ')} or ${xs[xs.length - 1]}`;
}

/** Lines as the lexer counts them: `\r\n`, `\n` and `\r` each end a line. */
const LINE_BREAK = /\r\n|\r|\n/;
const SNIPPET_WIDTH = 100;

/**
 * The query line holding `column`, and a caret line under it. Tabs before the caret are
 * kept so the caret lines up; lines longer than 100 characters are cut to a window around
 * the column, marked with `…`.
 */
export function snippetAt(query: string, line: number, column: number): string {
  const text = query.split(LINE_BREAK)[line - 1] ?? '';
  let start = 0;
  let end = text.length;
  if (text.length > SNIPPET_WIDTH) {
    start = Math.max(0, Math.min(column - 1 - (SNIPPET_WIDTH >> 1), text.length - SNIPPET_WIDTH));
    end = Math.min(text.length, start + SNIPPET_WIDTH);
  }
  const head = start > 0 ? '…' : '';
  const tail = end < text.length ? '…' : '';
  let pad = head ? ' ' : '';
  for (let i = start; i < column - 1; i++) pad += text[i] === '\t' ? '\t' : ' ';
  return `${head}${text.slice(start, end)}${tail}\n${pad}^`;
}

/** Up to three names within edit distance 2 of `name` (or sharing its prefix), closest first. */
export function closeNames(name: string, candidates: Iterable<string>): string[] {
  const lower = name.toLowerCase();
  const scored: { n: string; d: number }[] = [];
  for (const c of new Set(candidates)) {
    const cl = c.toLowerCase();
    let d = editDistance(lower, cl, 3);
    if (d > 2 && lower.length >= 3 && (cl.startsWith(lower) || lower.startsWith(cl))) d = 2;
    if (d <= 2) scored.push({ n: c, d });
  }
  scored.sort((a, b) => a.d - b.d || a.n.localeCompare(b.n));
  return scored.slice(0, 3).map((s) => s.n);
}

/** Levenshtein distance, giving up (returning `cap`) once it must exceed `cap - 1`. */
function editDistance(a: string, b: string, cap: number): number {
  if (Math.abs(a.length - b.length) >= cap) return cap;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      cur.push(v);
      if (v < best) best = v;
    }
    if (best >= cap) return cap;
    prev = cur;
  }
  return Math.min(prev[b.length], cap);
}
