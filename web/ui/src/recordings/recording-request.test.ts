import test from 'ava';
import { destinationText, recordingRequest, recordingsOf, type RecordingFields } from './recording-request.ts';

const fields = (o: Partial<RecordingFields> = {}): RecordingFields => ({
  name: 'errors',
  filter: ' http and response.status >= 500 ',
  start: '2026-03-01T10:00',
  minutes: '30',
  repeat: 'iterations',
  iterations: '3',
  cron: '',
  expiration: '',
  destType: 's3',
  bucket: 'rec-bucket',
  folder: '',
  prefix: '/team/',
  ...o,
});

test('the form becomes the POST body of the recordings API', (t) => {
  t.deepEqual(recordingRequest(fields()), {
    name: 'errors',
    filter: 'http and response.status >= 500',
    start: new Date('2026-03-01T10:00').getTime(),
    durationMs: 1_800_000,
    iterations: 3,
    expiration: 0,
    destination: { type: 's3', bucket: 'rec-bucket', prefix: 'team/' },
  });
  const cron = recordingRequest(fields({ repeat: 'cron', cron: '@every 6h', expiration: '2026-04-01T00:00', destType: 'folder', folder: 'rec', bucket: 'ignored' }));
  t.like(cron, { cron: '@every 6h', expiration: new Date('2026-04-01T00:00').getTime(), destination: { type: 'folder', folder: 'rec', prefix: 'team/' } });
  t.false(typeof cron === 'object' && 'iterations' in cron);
  t.deepEqual((recordingRequest(fields({ destType: 'gcs', bucket: '', prefix: '' })) as { destination: unknown }).destination, { type: 'gcs' }, 'empty fields come from the config');
});

test('each bad field is named', (t) => {
  t.regex(recordingRequest(fields({ name: '../x' })) as string, /^Name/);
  t.regex(recordingRequest(fields({ minutes: '0' })) as string, /^Duration/);
  t.regex(recordingRequest(fields({ minutes: '2000' })) as string, /^Duration: daily windows/);
  t.regex(recordingRequest(fields({ iterations: '1.5' })) as string, /^Iterations/);
  t.regex(recordingRequest(fields({ repeat: 'cron' })) as string, /^Cron/);
  t.regex(recordingRequest(fields({ expiration: '2026-02-01T00:00' })) as string, /^Expiration: must be after/);
  t.regex(recordingRequest(fields({ prefix: 'a/../b' })) as string, /^Prefix/);
  t.regex(recordingRequest(fields({ start: 'soon' })) as string, /^Start/);
});

test('the list is read from an array or {recordings}; destinations read as URLs', (t) => {
  t.is(recordingsOf([{ name: 'a' }]).length, 1);
  t.is(recordingsOf({ recordings: [{ name: 'b' }] })[0].name, 'b');
  t.deepEqual(recordingsOf(null), []);
  t.is(destinationText({ type: 's3', bucket: 'b', prefix: 'p/' }), 's3://b/p/');
  t.is(destinationText({ type: 'folder' }), 'folder (default)');
});
