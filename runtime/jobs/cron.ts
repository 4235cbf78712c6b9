/**
 * Job schedules (SCRIPT-API.md §3 jobs.schedule), all in UTC:
 * - 6 fields `sec min hour dom month dow` with names (JAN, MON), ranges, lists and steps;
 * - 5 fields = minute level (seconds 0) **(decided)**;
 * - `@yearly` `@annually` `@monthly` `@weekly` `@daily` `@midnight` `@hourly`;
 * - `@every <duration>` in Go syntax (`5s`, `1m30s`, `2h`, `500ms`), rounded down to whole
 *   seconds with a minimum of 1 s, like robfig/cron; runs `duration` after the previous run
 *   (or after scheduling).
 * Parsing and next-run computation of cron expressions use croner.
 */
import { Cron } from 'croner';

export interface Schedule {
  /** The expression as given. */
  readonly expr: string;
  /** First run time strictly after `afterMs` (epoch ms), or null if there is none. */
  next(afterMs: number): number | null;
}

export class CronError extends Error {
  readonly code = 'ERR_JOB_CRON';
}

const NICKNAMES: Record<string, string> = {
  '@yearly': '0 0 0 1 1 *',
  '@annually': '0 0 0 1 1 *',
  '@monthly': '0 0 0 1 * *',
  '@weekly': '0 0 0 * * 0',
  '@daily': '0 0 0 * * *',
  '@midnight': '0 0 0 * * *',
  '@hourly': '0 0 * * * *',
};

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Go duration (`1h30m`, `5s`, `250ms`) in ms, or NaN. */
export function parseGoDuration(text: string): number {
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    total += Number(m[1]) * UNITS[m[2]];
    matched = re.lastIndex;
  }
  return matched === text.length && text.length > 0 ? total : NaN;
}

export function parseSchedule(expr: string): Schedule {
  const text = expr.trim().replace(/\s+/g, ' ');
  if (text === '') throw new CronError('the cron expression is empty');
  if (text.startsWith('@every')) {
    const d = parseGoDuration(text.slice(6).trim());
    if (!Number.isFinite(d)) throw new CronError(`"${expr}": @every needs a duration like 5s, 1m30s or 2h`);
    const step = Math.max(1000, Math.floor(d / 1000) * 1000);
    return { expr, next: (after) => after + step };
  }
  const pattern = NICKNAMES[text.toLowerCase()] ?? text;
  if (pattern.startsWith('@')) throw new CronError(`"${expr}": unknown descriptor (use @every <duration>, @hourly, @daily, @weekly, @monthly or @yearly)`);
  const fields = pattern.split(' ').length;
  if (fields !== 5 && fields !== 6) {
    throw new CronError(`"${expr}": expected 6 fields (sec min hour dom month dow) or 5 (min hour dom month dow), got ${fields}`);
  }
  let cron: Cron;
  try {
    cron = new Cron(pattern, { paused: true, timezone: 'UTC', mode: fields === 5 ? '5-part' : '6-part' });
  } catch (e) {
    throw new CronError(`"${expr}": ${(e as Error).message.replace(/^CronPattern: /, '')}`);
  }
  return {
    expr,
    next(after) {
      const d = cron.nextRun(new Date(after));
      return d ? d.getTime() : null;
    },
  };
}
