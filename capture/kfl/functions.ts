/**
 * Global functions: the clock (`now()`, `seconds(n)` … `days(n)`, all epoch ms relative to
 * the moment of evaluation, negative = past), fixed times (`datetime(s)`, `timestamp(s)`),
 * `duration(s)` in ms, and `size(x)`.
 *
 * The clock is sampled once per `match()` call (from `opts.now`, default `Date.now`) and
 * only when the query uses one of the clock functions. Literal arguments are folded at
 * compile time; a literal of the wrong type is ERR_KFL_TYPE there.
 */
import type { Node } from './ast.ts';
import type { CompileCtx, FunctionDef, Getter } from './context.ts';
import type { KflPos } from './errors.ts';
import { numberOf } from './values.ts';

const DURATION_PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h|d)/y;
const UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Go-style duration (`1h30m`, `250ms`, `-5m`, plus `d` for days) → ms; NaN if malformed. */
export function parseDuration(text: string): number {
  const neg = text.startsWith('-');
  let i = neg || text.startsWith('+') ? 1 : 0;
  if (i === text.length) return NaN;
  let ms = 0;
  while (i < text.length) {
    DURATION_PART.lastIndex = i;
    const m = DURATION_PART.exec(text);
    if (!m) return NaN;
    ms += Number(m[1]) * UNIT_MS[m[2]];
    i = DURATION_PART.lastIndex;
  }
  return neg ? -ms : ms;
}

function numeric(v: unknown): number {
  if (typeof v === 'number') return v;
  return typeof v === 'string' ? numberOf(v) : NaN;
}

/** `name(n)` = now + n × unit. */
function relative(name: string, unit: number, example: string, what: string): FunctionDef {
  return {
    name,
    syntax: `${name}(n)`,
    arity: 1,
    returns: 'number',
    description: `Epoch ms of now + n ${what} (negative n = in the past).`,
    example,
    compile(args: Node[], ctx: CompileCtx): Getter {
      ctx.useClock();
      const st = ctx.state;
      const a = args[0];
      if (a.type === 'literal') {
        if (typeof a.value !== 'number') throw ctx.error('ERR_KFL_TYPE', a.pos, { what: `${name}() takes a number`, expected: ['a number such as -5'] });
        const delta = a.value * unit;
        return () => st.nowMs + delta;
      }
      const g = ctx.value(a);
      return (item) => {
        const n = numeric(g(item));
        return Number.isNaN(n) ? undefined : st.nowMs + n * unit;
      };
    },
  };
}

/** A function whose single argument must be a string literal, folded to a constant number. */
function constantOfString(name: string, parse: (s: string) => number, expected: string): FunctionDef['compile'] {
  return (args: Node[], ctx: CompileCtx): Getter => {
    const a = args[0];
    const value = a.type === 'literal' && typeof a.value === 'string' ? parse(a.value) : NaN;
    if (Number.isNaN(value)) {
      const what = a.type === 'literal' && typeof a.value === 'string' ? `${name}() cannot read ${JSON.stringify(a.value)}` : `${name}() takes a string literal`;
      throw ctx.error('ERR_KFL_TYPE', a.pos, { what, expected: [expected] });
    }
    return () => value;
  };
}

function sizeOf(v: unknown): number | undefined {
  if (typeof v === 'string' || Array.isArray(v)) return v.length;
  if (v !== null && typeof v === 'object') return Object.keys(v).length;
  return undefined;
}

export const FUNCTIONS: readonly FunctionDef[] = [
  {
    name: 'now',
    syntax: 'now()',
    arity: 0,
    returns: 'number',
    description: 'Epoch ms at the moment the item is evaluated.',
    example: 'timestamp <= now()',
    compile(_args: Node[], ctx: CompileCtx): Getter {
      ctx.useClock();
      const st = ctx.state;
      return () => st.nowMs;
    },
  },
  relative('seconds', 1000, 'timestamp >= seconds(-30)', 'seconds'),
  relative('minutes', 60_000, 'timestamp >= minutes(-5)', 'minutes'),
  relative('hours', 3_600_000, 'timestamp >= hours(-1)', 'hours'),
  relative('days', 86_400_000, 'timestamp >= days(-7)', 'days'),
  {
    name: 'datetime',
    syntax: 'datetime(s)',
    arity: 1,
    returns: 'number',
    description: 'Epoch ms of a date string (JavaScript `Date.parse`: ISO 8601 such as `2024-05-01T12:00:00Z`; without a zone, local time). Classic KFL spelling.',
    example: 'timestamp >= datetime("2023-11-14T00:00:00Z")',
    compile: constantOfString('datetime', Date.parse, 'an ISO 8601 date such as "2024-05-01T12:00:00Z"'),
  },
  {
    name: 'timestamp',
    syntax: 'timestamp(s)',
    arity: 1,
    returns: 'number',
    description: 'KFL2 spelling of `datetime(s)`.',
    example: 'timestamp >= timestamp("2023-11-14T00:00:00Z")',
    compile: constantOfString('timestamp', Date.parse, 'an ISO 8601 date such as "2024-05-01T12:00:00Z"'),
  },
  {
    name: 'duration',
    syntax: 'duration(s)',
    arity: 1,
    returns: 'number',
    description: 'Milliseconds in a Go-style duration: `250ms`, `1.5s`, `5m`, `1h30m`, `2d` (units ns, us, ms, s, m, h, d).',
    example: 'elapsedTime >= duration("100ms")',
    compile: constantOfString('duration', parseDuration, 'a duration such as "1.5s" or "5m"'),
  },
  {
    name: 'size',
    syntax: 'size(x)',
    arity: 1,
    returns: 'value',
    description: 'Length of a string or list, or the number of keys of an object; missing otherwise.',
    example: 'size(request.pathSegments) >= 2',
    compile(args: Node[], ctx: CompileCtx, _pos: KflPos): Getter {
      const g = ctx.value(args[0]);
      return (item) => sizeOf(g(item));
    },
  },
];
