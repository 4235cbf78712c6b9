/**
 * Examples that keep or write traffic (files, pcaps, HAR, pod-event snapshots) and the
 * pass/fail and TCP-health ones, against their golden outputs on the demo capture; what
 * they write to the data directory is checked too. Vendor destinations (Slack, S3) are
 * left unset here: vendors.test.ts covers them.
 */
import test from 'ava';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { demoFiles, runExample, type DemoFiles } from './testing/example-runs.ts';

let demo: DemoFiles;
test.before(async () => {
  demo = await demoFiles();
});
test.after.always(() => demo?.cleanup());

const PCAP_MAGIC_NS = 'a1b23c4d';

async function pcapMagic(file: string): Promise<string> {
  return (await readFile(file)).subarray(0, 4).toString('hex').match(/../g)!.reverse().join('');
}

test.serial('http-5xx-alert.js: golden output; without Slack settings the alerts go to alerts/http-5xx.log', async (t) => {
  const r = await runExample(demo, 'http-5xx-alert');
  t.is(r.code, 0, r.stderr);
  const log = (await readFile(path.join(r.dataDir, 'alerts/http-5xx.log'), 'utf8')).trim().split('\n');
  t.is(log.length, r.stdout.trim().split('\n').length);
  const pcap = /pcap=(\S+)/.exec(log[0])![1];
  t.is(await pcapMagic(path.join(r.dataDir, pcap)), PCAP_MAGIC_NS, 'the alert names a real pcap of the stream');
});

test.serial('forensic-recording-s3.js: golden output; the hour cut keeps pcap, items and names locally', async (t) => {
  const r = await runExample(demo, 'forensic-recording-s3');
  t.is(r.code, 0, r.stderr);
  const files = (await readdir(path.join(r.dataDir, 'forensics'))).filter((f) => f.startsWith('forensics-')).sort();
  t.deepEqual(files, ['forensics-1767229200.items.ndjson', 'forensics-1767229200.names.json', 'forensics-1767229200.pcap']);
  const items = (await readFile(path.join(r.dataDir, 'forensics', files[0]), 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
  t.true(items.length > 0 && items.every((i) => i.response.status >= 500));
  t.is(await pcapMagic(path.join(r.dataDir, 'forensics', files[2])), PCAP_MAGIC_NS);
});

test.serial('har-export.js: golden output; every minute a HAR 1.2 file of the API calls', async (t) => {
  const r = await runExample(demo, 'har-export');
  t.is(r.code, 0, r.stderr);
  const hars = (await readdir(path.join(r.dataDir, 'har'))).sort();
  t.true(hars.length >= 2);
  const har = JSON.parse(await readFile(path.join(r.dataDir, 'har', hars[0]), 'utf8'));
  t.is(har.log.version, '1.2');
  t.true(har.log.entries.every((e: { request: { url: string } }) => new URL(e.request.url).pathname.startsWith('/api/')));
});

test.serial('pass-fail.js, pod-crash-s3.js, tcp-health.js: golden outputs', async (t) => {
  for (const name of ['pass-fail', 'tcp-health']) {
    const r = await runExample(demo, name);
    t.is(r.code, 0, `${name}: ${r.stderr}`);
  }
  const crash = await runExample(demo, 'pod-crash-s3');
  t.is(crash.code, 0, crash.stderr);
  const saved = (await readdir(path.join(crash.dataDir, 'crashes'))).sort();
  t.true(saved.length >= 2 && saved.every((f) => f.startsWith('fraud-check-')), saved.join(', '));
  const items = JSON.parse(await readFile(path.join(crash.dataDir, 'crashes', saved.find((f) => f.endsWith('.items.json'))!), 'utf8'));
  t.true(items.some((i: { dst: string }) => i.dst.startsWith('fraud-check-')));
});
