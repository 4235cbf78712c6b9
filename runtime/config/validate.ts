/**
 * Applies the schema to a parsed wirehook.yaml: fills defaults, rejects unknown keys (with
 * a "did you mean"), wrong types and out-of-range values with ConfigError. `source` names
 * where the value came from (the file, or an environment variable) for the hint.
 */
import { closest, ConfigError } from './errors.ts';
import type { Field, Section } from './schema.ts';

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function typeOf(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'a list' : typeof v === 'object' ? 'a map' : `${typeof v} ${JSON.stringify(v)}`;
}

/** Default value tree of a section. */
export function defaultsOf(s: Section): Obj {
  const out: Obj = {};
  for (const [k, f] of Object.entries(s.fields)) out[k] = defaultOf(f);
  return out;
}

function defaultOf(f: Field): unknown {
  switch (f.kind) {
    case 'section':
      return defaultsOf(f);
    case 'json-map':
    case 'section-map':
      return {};
    case 'strings':
      return [...f.default];
    default:
      return f.default;
  }
}

/** Validates `raw` against section `s` (all keys optional) and returns it with defaults filled in. */
export function applySection(s: Section, raw: unknown, path: string, source: string, partial = false): Obj {
  if (raw === undefined || raw === null) return partial ? {} : defaultsOf(s);
  if (!isObj(raw)) throw new ConfigError('ERR_CONFIG_TYPE', path, `must be a map, got ${typeOf(raw)}`, `fix ${source}`);
  const known = Object.keys(s.fields);
  for (const k of Object.keys(raw)) {
    if (!known.includes(k)) {
      const near = closest(k, known);
      throw new ConfigError('ERR_CONFIG_UNKNOWN_KEY', join(path, k), 'unknown key', `${near ? `did you mean "${near}"? ` : ''}known keys here: ${known.join(', ')} (in ${source})`);
    }
  }
  const out: Obj = partial ? {} : defaultsOf(s);
  for (const [k, v] of Object.entries(raw)) out[k] = applyField(s.fields[k], v, join(path, k), source);
  return out;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

export function applyField(f: Field, v: unknown, path: string, source: string): unknown {
  const bad = (expected: string): never => {
    throw new ConfigError('ERR_CONFIG_TYPE', path, `must be ${expected}, got ${typeOf(v)}`, `fix ${source}`);
  };
  switch (f.kind) {
    case 'section':
      return applySection(f, v, path, source);
    case 'section-map': {
      if (v === null || v === undefined) return {};
      if (!isObj(v)) return bad('a map');
      return Object.fromEntries(Object.entries(v).map(([k, sub]) => [k, applySection(f.of, sub, join(path, k), source, true)]));
    }
    case 'json-map':
      if (v === null || v === undefined) return {};
      return isObj(v) ? v : bad('a map of names to values');
    case 'string':
      if (typeof v === 'number' || typeof v === 'boolean') v = String(v);
      if (typeof v !== 'string') return bad('a string');
      if (f.enum && !f.enum.includes(v)) throw new ConfigError('ERR_CONFIG_RANGE', path, `must be one of ${f.enum.join(', ')}, got "${v}"`, `fix ${source}`);
      return v;
    case 'boolean':
      return typeof v === 'boolean' ? v : bad('true or false');
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) return bad(f.integer ? 'an integer' : 'a number');
      if (f.integer && !Number.isInteger(v)) return bad('an integer');
      if ((f.min !== undefined && v < f.min) || (f.max !== undefined && v > f.max)) {
        throw new ConfigError('ERR_CONFIG_RANGE', path, `must be between ${f.min ?? '-∞'} and ${f.max ?? '∞'}, got ${v}`, `fix ${source}`);
      }
      return v;
    }
    case 'strings':
    case 'strings-or-null':
      if (v === null && f.kind === 'strings-or-null') return null;
      if (typeof v === 'string') return [v];
      if (!Array.isArray(v) || v.some((x) => typeof x !== 'string' && typeof x !== 'number')) return bad('a list of strings');
      return v.map(String);
  }
}
