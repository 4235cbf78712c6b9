import test from 'ava';
import { DAY_MS, nextWindow, parseRecording, recordingFromConfig, RecordingError } from './recording-spec.ts';

const NOW = Date.UTC(2026, 2, 1, 12, 0, 0);

function codeOf(input: unknown): [string, string] | null {
  try {
    parseRecording(input, NOW, 'api');
    return null;
  } catch (e) {
    if (e instanceof RecordingError) return [e.code, e.message];
    throw e;
  }
}

test('parseRecording: defaults, times as RFC 3339 / epoch ms, Go durations, destinations', (t) => {
  const r = parseRecording({ name: 'errors-1', filter: 'http and response.status >= 500', durationMs: 60_000 }, NOW, 'api');
  t.deepEqual(r, { name: 'errors-1', filter: 'http and response.status >= 500', start: NOW, durationMs: 60_000, iterations: 1, cron: '', expiration: 0, destination: { type: 'folder' }, origin: 'api' });
  const s = parseRecording({ name: 'n', duration: '1h30m', start: '2026-03-02T00:00:00Z', expiration: String(NOW + 5 * DAY_MS), iterations: 3, destination: { type: 's3', bucket: 'b', prefix: 'rec', forcePathStyle: true } }, NOW, 'api');
  t.is(s.durationMs, 5_400_000);
  t.is(s.start, Date.UTC(2026, 2, 2));
  t.is(s.expiration, NOW + 5 * DAY_MS);
  t.deepEqual(s.destination, { type: 's3', bucket: 'b', prefix: 'rec', forcePathStyle: true });
  const c = recordingFromConfig('nightly', { filter: 'dns', duration: '10m', cron: '0 0 2 * * *', destination: 'gcs', prefix: 'x/' }, NOW);
  t.deepEqual([c.origin, c.durationMs, c.cron, c.destination], ['config', 600_000, '0 0 2 * * *', { type: 'gcs', prefix: 'x/' }]);
});

test('parseRecording: coded errors saying what to fix', (t) => {
  t.deepEqual(codeOf({ name: '../x', durationMs: 5000 })?.[0], 'ERR_RECORDING_INVALID');
  t.deepEqual(codeOf({ name: 'a', filter: 'http and (', durationMs: 5000 })?.[0], 'ERR_RECORDING_FILTER');
  t.regex(codeOf({ name: 'a', filter: 'http and (', durationMs: 5000 })![1], /^filter: 1:11: unexpected end of query/);
  t.deepEqual(codeOf({ name: 'a', durationMs: 10 }), ['ERR_RECORDING_INVALID', 'durationMs must be at least 1000 (or duration a Go duration such as "30m")']);
  t.deepEqual(codeOf({ name: 'a', duration: 'soon' })?.[0], 'ERR_RECORDING_INVALID');
  t.deepEqual(codeOf({ name: 'a', durationMs: 5000, cron: 'every day' })?.[1], 'cron: "every day": expected 6 fields (sec min hour dom month dow) or 5 (min hour dom month dow), got 2');
  t.deepEqual(codeOf({ name: 'a', durationMs: 5000, start: 'tomorrow' })?.[1], 'start must be an RFC 3339 time (2026-01-01T02:00:00Z) or epoch milliseconds, got "tomorrow"');
  t.deepEqual(codeOf({ name: 'a', durationMs: 5000, expiration: NOW - 1 })?.[1], 'expiration must be after start');
  t.deepEqual(codeOf({ name: 'a', durationMs: 5000, destination: 'ftp' })?.[1], 'destination.type must be one of folder, s3, gcs, got "ftp"');
  t.deepEqual(codeOf({ name: 'a', durationMs: 5000, destination: { type: 's3', prefix: '../up' } })?.[1], 'destination.prefix must be a relative key prefix without ".."');
  t.deepEqual(codeOf({ name: 'a', durationMs: 2 * DAY_MS, iterations: 2 })?.[1], 'daily windows (iterations > 1) must last at most 24 h');
});

test('nextWindow: daily iterations', (t) => {
  const r = parseRecording({ name: 'd', start: NOW, durationMs: 3_600_000, iterations: 3 }, NOW, 'api');
  t.deepEqual(nextWindow(r, NOW - 1), { start: NOW, end: NOW + 3_600_000 });
  t.deepEqual(nextWindow(r, NOW + 1000), { start: NOW, end: NOW + 3_600_000 }, 'the current window');
  t.deepEqual(nextWindow(r, NOW + 3_600_000), { start: NOW + DAY_MS, end: NOW + DAY_MS + 3_600_000 });
  t.is(nextWindow(r, NOW + 2 * DAY_MS + 3_600_000), null, 'after the last iteration');
  const e = parseRecording({ name: 'd', start: NOW, durationMs: 3_600_000, iterations: 3, expiration: NOW + DAY_MS + 60_000 }, NOW, 'api');
  t.deepEqual(nextWindow(e, NOW + 3_600_000), { start: NOW + DAY_MS, end: NOW + DAY_MS + 60_000 }, 'cut short by the expiration');
  t.is(nextWindow(e, NOW + DAY_MS + 60_000), null);
});

test('nextWindow: cron starts, no overlap, expiration', (t) => {
  const r = parseRecording({ name: 'c', start: NOW + 1, durationMs: 90_000, cron: '0 */1 * * * *', expiration: NOW + 10 * 60_000 }, NOW, 'api');
  t.deepEqual(nextWindow(r, NOW), { start: NOW + 60_000, end: NOW + 150_000 }, 'the first cron time at or after start');
  t.deepEqual(nextWindow(r, NOW + 150_000, NOW + 150_000), { start: NOW + 180_000, end: NOW + 270_000 }, 'a start inside the previous window is skipped');
  t.deepEqual(nextWindow(r, NOW + 100_000), { start: NOW + 60_000, end: NOW + 150_000 }, 'the window open now');
  t.deepEqual(nextWindow(r, NOW + 9 * 60_000 + 40_000), { start: NOW + 9 * 60_000, end: NOW + 10 * 60_000 }, 'cut short by the expiration');
  t.is(nextWindow(r, NOW + 10 * 60_000), null);
  const every = parseRecording({ name: 'e', start: NOW + 1, durationMs: 2000, cron: '@every 5s' }, NOW, 'api');
  t.deepEqual(nextWindow(every, NOW), { start: NOW + 1, end: NOW + 2001 }, '@every counts from start');
  t.deepEqual(nextWindow(every, NOW + 6000), { start: NOW + 5001, end: NOW + 7001 });
  t.deepEqual(nextWindow(every, NOW + 7001, NOW + 7001), { start: NOW + 10_001, end: NOW + 12_001 });
});
