/**
 * Environment overrides: every leaf key of the schema can be set with
 * `WIREHOOK_<PATH>` where each path segment is written in UPPER_SNAKE case:
 *   dashboard.port              ← WIREHOOK_DASHBOARD_PORT=9000
 *   scripting.limits.timeoutMs  ← WIREHOOK_SCRIPTING_LIMITS_TIMEOUT_MS=500
 *   capture.interfaces          ← WIREHOOK_CAPTURE_INTERFACES=eth0,eth1   (lists: comma-separated)
 *   scripting.env.SLACK_URL     ← WIREHOOK_SCRIPTING_ENV_SLACK_URL=https://…  (map entries; key kept as written)
 * Values are typed by the schema (numbers, true/false); env map values that are valid JSON
 * (numbers, booleans, objects) keep their JSON type, anything else is a string.
 * Unrelated WIREHOOK_* variables are ignored.
 */
import { ConfigError } from './errors.ts';
import type { Field, Section } from './schema.ts';
import { applyField } from './validate.ts';

type Obj = Record<string, unknown>;

export function envName(path: string[]): string {
  return 'WIREHOOK_' + path.map((p) => p.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase()).join('_');
}

/** Parses a scalar env value as JSON when it is JSON, else keeps the string. */
export function envValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function fromText(f: Field, text: string, name: string): unknown {
  if (f.kind === 'number') {
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) throw new ConfigError('ERR_CONFIG_TYPE', name, `must be a number, got "${text}"`, `fix the environment variable ${name}`);
    return n;
  }
  if (f.kind === 'boolean') {
    if (/^(true|1|yes)$/i.test(text)) return true;
    if (/^(false|0|no)$/i.test(text)) return false;
    throw new ConfigError('ERR_CONFIG_TYPE', name, `must be true or false, got "${text}"`, `fix the environment variable ${name}`);
  }
  if (f.kind === 'strings' || f.kind === 'strings-or-null') return text.split(',').map((s) => s.trim()).filter(Boolean);
  return text;
}

/** Applies overrides from `env` onto a validated config (in place); returns the variables used. */
export function applyEnvOverrides(config: Obj, s: Section, env: NodeJS.ProcessEnv, path: string[] = []): string[] {
  const used: string[] = [];
  for (const [key, f] of Object.entries(s.fields)) {
    const p = [...path, key];
    const name = envName(p);
    if (f.kind === 'section') {
      used.push(...applyEnvOverrides(config[key] as Obj, f, env, p));
      continue;
    }
    if (f.kind === 'json-map') {
      const prefix = name + '_';
      for (const [k, v] of Object.entries(env)) {
        if (k.startsWith(prefix) && v !== undefined && k.length > prefix.length) {
          (config[key] as Obj)[k.slice(prefix.length)] = envValue(v);
          used.push(k);
        }
      }
      continue;
    }
    if (f.kind === 'section-map') continue;
    const text = env[name];
    if (text === undefined) continue;
    config[key] = applyField(f, fromText(f, text, name), p.join('.'), `the environment variable ${name}`);
    used.push(name);
  }
  return used;
}
