/**
 * The examples that send traffic out, against real receivers on loopback: the 5xx alert
 * to a fake Slack Web API (messages and the uploaded stream pcaps), the forensic recording
 * and the pod-crash snapshots to S3 on OpenStack Swift (s3api, SigV4). Their console
 * output is compared with examples/golden/<name>.<vendor>.txt.
 */
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import test from 'ava';
import { createBucket, startSwift, SWIFT_CREDENTIALS, SWIFT_REGION, type SwiftServer } from '../capture/store/testing/swift-server.ts';
import { fakeSlack, type FakeSlack } from './testing/fake-slack.ts';
import { demoFiles, runExample, type DemoFiles } from './testing/example-runs.ts';

const BUCKET = 'wirehook-examples';
let demo: DemoFiles;
let swift: SwiftServer;
let slack: FakeSlack;
let s3: S3Client;

test.before(async () => {
  [demo, swift, slack] = await Promise.all([demoFiles(), startSwift(18150), fakeSlack(18160)]);
  await createBucket(swift.endpoint, BUCKET);
  s3 = new S3Client({ endpoint: swift.endpoint, region: SWIFT_REGION, forcePathStyle: true, credentials: SWIFT_CREDENTIALS });
  // What an operator sets in wirehook.yaml (or the environment) for the run.
  process.env.WIREHOOK_VENDOR_SLACK_API_URL = slack.apiUrl;
  process.env.WIREHOOK_RECORDING_S3_ENDPOINT = swift.endpoint;
  process.env.WIREHOOK_RECORDING_S3_FORCE_PATH_STYLE = 'true';
});
test.after.always(async () => {
  await Promise.allSettled([demo?.cleanup(), swift?.stop(), slack?.close()]);
});

const S3_ENV = { S3_BUCKET: BUCKET, AWS_REGION: SWIFT_REGION, AWS_ACCESS_KEY_ID: SWIFT_CREDENTIALS.accessKeyId, AWS_SECRET_ACCESS_KEY: SWIFT_CREDENTIALS.secretAccessKey };

async function objects(suffix: RegExp): Promise<string[]> {
  const out = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }));
  return (out.Contents ?? []).map((o) => o.Key!).filter((k) => suffix.test(k)).sort();
}

async function bytes(key: string): Promise<Buffer> {
  const out = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Buffer.from(await out.Body!.transformToByteArray());
}

const isPcap = (b: Buffer) => b.readUInt32LE(0) === 0xa1b23c4d || b.readUInt32LE(0) === 0xa1b2c3d4;

test.serial('http-5xx-alert.js posts each alert to Slack with the stream pcap and the item attached', async (t) => {
  const r = await runExample(demo, 'http-5xx-alert', { env: { SLACK_AUTH_TOKEN: 'xoxb-test', SLACK_CHANNEL_ID: 'C0ALERTS' }, golden: 'http-5xx-alert.slack' });
  t.is(r.code, 0, r.stderr);
  const alerts = r.stdout.trim().split('\n');
  t.is(slack.messages.length, alerts.length);
  const first = slack.messages[0];
  t.is(first.channel, 'C0ALERTS');
  t.regex(first.attachments[0].pretext, /^HTTP 5\d\d from \S+ in /);
  t.true(first.attachments[0].fields.some((f: { title: string }) => f.title === 'Pod'));
  t.is(slack.files.length, 2 * alerts.length);
  const pcaps = slack.files.filter((f) => /^\d{12}\.pcap$/.test(f.name));
  t.is(pcaps.length, alerts.length);
  t.true(pcaps.every((f) => isPcap(f.bytes) && f.bytes.length > 100), 'each alert carries a valid pcap of its stream');
  const item = JSON.parse(slack.files.find((f) => f.name === 'item.json')!.bytes.toString());
  t.true(item.response.status >= 500);
});

test.serial('forensic-recording-s3.js uploads the hour’s pcap, items and name history to S3', async (t) => {
  const r = await runExample(demo, 'forensic-recording-s3', { env: S3_ENV, golden: 'forensic-recording-s3.s3' });
  t.is(r.code, 0, r.stderr);
  const keys = await objects(/\/forensics-1767229200\./);
  t.deepEqual(keys.map((k) => k.split('/')[1]), ['forensics-1767229200.items.ndjson', 'forensics-1767229200.names.json', 'forensics-1767229200.pcap']);
  t.true(isPcap(await bytes(keys[2])));
  const names = JSON.parse((await bytes(keys[1])).toString());
  t.is(names['0']['10.96.0.10'].FullAddress, 'kube-dns.kube-system');
});

test.serial('pod-crash-s3.js uploads the crashed pod’s last 5 minutes (pcap + items) at each restart', async (t) => {
  const r = await runExample(demo, 'pod-crash-s3', { env: S3_ENV, golden: 'pod-crash-s3.s3' });
  t.is(r.code, 0, r.stderr);
  const restarts = r.stdout.trim().split('\n').length;
  const pcaps = await objects(/\/fraud-check-.*\.pcap$/);
  const items = await objects(/\/fraud-check-.*\.items\.json$/);
  t.is(pcaps.length, restarts);
  t.is(items.length, restarts);
  t.true(isPcap(await bytes(pcaps[0])));
  const list = JSON.parse((await bytes(items[0])).toString());
  t.true(list.length > 0 && list.every((i: { time: string }) => Date.parse(i.time) > Date.parse('2026-01-01T00:53:00Z')), 'only the last 5 minutes');
});
