/**
 * Kafka body decoding: the interpreter of the schemas in kafka-schemas.ts over a
 * `KReader` (which never throws: malformed input leaves `reader.bad` set and the fields
 * decoded so far).
 *
 * Decoded values: integers as numbers (int64 beyond 2^53 loses precision), uuids as
 * 8-4-4-4-12 hex, strings as text (null when null); `bytes` fields as their length in
 * bytes (or a copy with `keepBytes`), `records` as a summary (kafka-records.ts; a copy with
 * `keepBytes`). Arrays keep at most `MAX_ELEMENTS` elements (the rest are read, not kept).
 */
import type { KField, KScalar } from './kafka-schemas.ts';
import { KReader } from './kafka-reader.ts';
import { summarizeRecords } from './kafka-records.ts';

export const MAX_ELEMENTS = 512;

export interface DecodeOptions {
  /** Copy `bytes`/`records` fields instead of summarising them (test peers need the data). */
  keepBytes?: boolean;
}

function scalar(r: KReader, t: KScalar, flex: boolean, o: DecodeOptions): unknown {
  switch (t) {
    case 'i8':
      return r.i8();
    case 'i16':
      return r.i16();
    case 'i32':
      return r.i32();
    case 'i64':
      return r.i64();
    case 'bool':
      return r.i8() !== 0;
    case 'uuid':
      return r.uuid();
    case 'str':
      return r.str(flex);
    case 'bytes': {
      const b = r.bytes(flex);
      return b === null ? null : o.keepBytes ? b.slice() : b.length;
    }
    case 'records': {
      const b = r.bytes(flex);
      return b === null ? null : o.keepBytes ? b.slice() : summarizeRecords(b);
    }
    default:
      return array(r, t === '[i32]' ? 'i32' : t === '[i64]' ? 'i64' : 'str', flex, o, null, 0);
  }
}

function array(r: KReader, t: KScalar | null, flex: boolean, o: DecodeOptions, fields: KField[] | null, v: number): unknown[] | null {
  const n = r.len(flex, true);
  if (n < 0) return null;
  // Every element takes at least one byte: a larger count is corrupt, not a reason to loop.
  if (n > r.left) return (r.corrupt(), []);
  const out: unknown[] = [];
  for (let i = 0; i < n && !r.bad; i++) {
    const e = fields !== null ? decodeStruct(r, fields, v, flex, o) : scalar(r, t!, flex, o);
    if (i < MAX_ELEMENTS) out.push(e);
  }
  return out;
}

/** Decode one structure of `fields` as of `version`. */
export function decodeStruct(r: KReader, fields: KField[], version: number, flex: boolean, o: DecodeOptions = {}): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i < fields.length && !r.bad; i++) {
    const fl = fields[i];
    if (version < fl.min || version > fl.max) continue;
    out[fl.name] = typeof fl.type === 'string' ? scalar(r, fl.type, flex, o) : array(r, null, flex, o, fl.type, version);
  }
  if (flex && !r.bad) r.skipTagged();
  return out;
}
