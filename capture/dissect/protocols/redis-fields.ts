/**
 * Redis item fields, as Kubeshark emits them: request and response are both
 *
 *   { type: string,     // RESP type of the message: "Array", "Bulk String", "Simple String",
 *                       // "Integer", "Error", RESP3 "Map", "Set", "Push", "Double", "Boolean",
 *                       // "Big Number", "Bulk Error", "Verbatim String"; "Null" for nil
 *                       // replies ($-1, *-1, _); "Inline Command" for telnet-style requests
 *     command: string,  // commands: first word, upper case ("SET"); "" otherwise
 *     key: string,      // commands: second word ("" if none)
 *     value: string,    // commands: the third word, or "[a, b, c]" for the third and later
 *                       // words; replies: the value as text (aggregates as "[x, y]", maps
 *                       // as "{k: v}"), capped at VALUE_TEXT_CAP characters
 *     keyword: string } // Simple String replies: the word upper-cased ("OK", "PONG",
 *                       // "QUEUED"); Error replies: the error code ("ERR", "WRONGTYPE", "MOVED")
 *
 * Unused fields are "" (always present, so KFL comparisons like `request.key == ""` work).
 */
import { RespAgg, type RespValue } from './redis-values.ts';

export const VALUE_TEXT_CAP = 64 * 1024;

const TYPE_NAMES: Record<string, string> = {
  '+': 'Simple String',
  '-': 'Error',
  ':': 'Integer',
  $: 'Bulk String',
  '*': 'Array',
  _: 'Null',
  '#': 'Boolean',
  ',': 'Double',
  '(': 'Big Number',
  '!': 'Bulk Error',
  '=': 'Verbatim String',
  '%': 'Map',
  '~': 'Set',
  '>': 'Push',
  i: 'Inline Command',
};

export interface RedisFields {
  type: string;
  command: string;
  key: string;
  value: string;
  keyword: string;
}

function scalarText(v: RespValue): string {
  if (v === null) return 'nil';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return renderAgg(v, 0);
}

/** Aggregates as text: arrays/sets/pushes "[a, b]", maps "{k: v, k2: v2}". */
function renderAgg(a: RespAgg, depth: number): string {
  const map = a.t === '%';
  let out = map ? '{' : '[';
  const items = a.items;
  for (let i = 0; i < items.length && out.length < VALUE_TEXT_CAP; i++) {
    if (i > 0) out += map && i % 2 === 1 ? ': ' : ', ';
    const v = items[i];
    out += v instanceof RespAgg ? (depth < 8 ? renderAgg(v, depth + 1) : '[…]') : scalarText(v);
  }
  if (items.length < a.declared) out += ', …';
  out += map ? '}' : ']';
  return out.length > VALUE_TEXT_CAP ? out.slice(0, VALUE_TEXT_CAP) : out;
}

function cap(s: string): string {
  return s.length > VALUE_TEXT_CAP ? s.slice(0, VALUE_TEXT_CAP) : s;
}

/** A client command: an array (or inline command) whose first element is a string. */
export function isCommand(v: RespValue): v is RespAgg {
  return v instanceof RespAgg && (v.t === '*' || v.t === 'i') && v.items.length > 0 && typeof v.items[0] === 'string';
}

export function commandFields(v: RespAgg, type: string): RedisFields {
  const it = v.items;
  const n = it.length;
  let value = n > 2 ? scalarText(it[2]) : '';
  if (n > 3 || v.declared > 3) {
    for (let i = 3; i < n; i++) value += ', ' + scalarText(it[i]);
    if (n < v.declared) value += ', …';
    value = `[${value}]`;
  }
  return { type: TYPE_NAMES[type] ?? 'Array', command: scalarText(it[0]).toUpperCase(), key: n > 1 ? scalarText(it[1]) : '', value: cap(value), keyword: '' };
}

export function replyFields(v: RespValue, type: string): RedisFields {
  const out: RedisFields = { type: v === null ? 'Null' : (TYPE_NAMES[type] ?? 'Unknown'), command: '', key: '', value: '', keyword: '' };
  if (v === null) return out;
  if (type === '+' && typeof v === 'string') {
    if (v.length <= 32 && /^[A-Za-z]+$/.test(v)) out.keyword = v.toUpperCase();
    else out.value = cap(v);
    return out;
  }
  if ((type === '-' || type === '!') && typeof v === 'string') {
    const sp = v.indexOf(' ');
    out.keyword = sp > 0 ? v.slice(0, sp) : v;
    out.value = cap(v);
    return out;
  }
  out.value = v instanceof RespAgg ? renderAgg(v, 0) : cap(scalarText(v));
  return out;
}

/** Lower-case first word of a reply array ("message", "subscribe" ...), or "". */
export function replyKind(v: RespValue): string {
  if (!(v instanceof RespAgg) || v.items.length === 0 || typeof v.items[0] !== 'string') return '';
  const w = v.items[0];
  return w.length <= 12 ? w.toLowerCase() : '';
}
