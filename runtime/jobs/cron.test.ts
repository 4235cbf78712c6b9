import test from 'ava';
import { CronError, parseGoDuration, parseSchedule } from './cron.ts';

const at = (iso: string) => Date.parse(iso);
const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
function runs(expr: string, fromIso: string, n: number): string[] {
  const s = parseSchedule(expr);
  const out: string[] = [];
  let t = at(fromIso);
  for (let i = 0; i < n; i++) {
    t = s.next(t)!;
    out.push(new Date(t).toISOString().slice(0, 19) + 'Z');
  }
  return out;
}

test('6 fields: seconds precision, steps', (t) => {
  t.deepEqual(runs('*/5 * * * * *', '2024-01-01T00:00:03.250Z', 3), ['2024-01-01T00:00:05Z', '2024-01-01T00:00:10Z', '2024-01-01T00:00:15Z']);
  t.deepEqual(runs('* * * * * *', '2024-01-01T00:00:00Z', 2), ['2024-01-01T00:00:01Z', '2024-01-01T00:00:02Z']);
  t.deepEqual(runs('0 */1 * * * *', '2024-01-01T00:00:00Z', 2), ['2024-01-01T00:01:00Z', '2024-01-01T00:02:00Z']);
});

test('5 fields are minute-level (decided)', (t) => {
  t.deepEqual(runs('*/2 * * * *', '2024-01-01T00:00:30Z', 2), ['2024-01-01T00:02:00Z', '2024-01-01T00:04:00Z']);
  t.deepEqual(runs('30 4 * * *', '2024-01-01T00:00:00Z', 1), ['2024-01-01T04:30:00Z']);
});

test('names, ranges, lists and steps; UTC', (t) => {
  t.deepEqual(runs('0 0 9 * * MON-FRI', '2024-01-05T10:00:00Z', 2), ['2024-01-08T09:00:00Z', '2024-01-09T09:00:00Z']);
  t.deepEqual(runs('0 0 0 1 JAN,JUL *', '2024-02-01T00:00:00Z', 2), ['2024-07-01T00:00:00Z', '2025-01-01T00:00:00Z']);
  t.deepEqual(runs('0 10-20/5 * * * *', '2024-01-01T00:00:00Z', 4), ['2024-01-01T00:10:00Z', '2024-01-01T00:15:00Z', '2024-01-01T00:20:00Z', '2024-01-01T01:10:00Z']);
  t.deepEqual(runs('15,45 * * * * *', '2024-01-01T00:00:20Z', 2), ['2024-01-01T00:00:45Z', '2024-01-01T00:01:15Z']);
});

test('descriptors: @hourly @daily @midnight @weekly @monthly @yearly @annually', (t) => {
  const from = '2024-01-03T10:20:30Z';
  t.deepEqual(runs('@hourly', from, 1), ['2024-01-03T11:00:00Z']);
  t.deepEqual(runs('@daily', from, 1), ['2024-01-04T00:00:00Z']);
  t.deepEqual(runs('@midnight', from, 1), ['2024-01-04T00:00:00Z']);
  t.deepEqual(runs('@weekly', from, 1), ['2024-01-07T00:00:00Z']);
  t.deepEqual(runs('@monthly', from, 1), ['2024-02-01T00:00:00Z']);
  t.deepEqual(runs('@yearly', from, 1), ['2025-01-01T00:00:00Z']);
  t.deepEqual(runs('@annually', from, 1), ['2025-01-01T00:00:00Z']);
});

test('@every <Go duration>: relative to the previous run, whole seconds, minimum 1 s', (t) => {
  t.is(iso(parseSchedule('@every 5s').next(at('2024-01-01T00:00:03.250Z'))), '2024-01-01T00:00:08.250Z');
  t.is(parseSchedule('@every 1m30s').next(0), 90_000);
  t.is(parseSchedule('@every 1h').next(0), 3_600_000);
  t.is(parseSchedule('@every 1500ms').next(0), 1000);
  t.is(parseSchedule('@every 200ms').next(0), 1000);
  t.is(parseGoDuration('2h45m10s'), 9_910_000);
  t.true(Number.isNaN(parseGoDuration('5 s')));
});

test('errors are CronError with the expression and the problem', (t) => {
  const msg = (e: string) => t.throws(() => parseSchedule(e), { instanceOf: CronError })!.message;
  t.is(msg('1 2 3'), '"1 2 3": expected 6 fields (sec min hour dom month dow) or 5 (min hour dom month dow), got 3');
  t.is(msg('* * * * * * *'), '"* * * * * * *": expected 6 fields (sec min hour dom month dow) or 5 (min hour dom month dow), got 7');
  t.regex(msg('61 * * * * *'), /^"61 \* \* \* \* \*": .*second/i);
  t.regex(msg('@every soon'), /@every needs a duration/);
  t.regex(msg('@sometimes'), /unknown descriptor/);
  t.is(msg('  '), 'the cron expression is empty');
});
