import test from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { harness } from '../../runtime/testing/harness.ts';
import { T0 } from '../../runtime/testing/items.ts';
import { json, receiver, type Received } from './testing/receiver.ts';

const STAMP = new Date(T0).toISOString();

/** A loopback Slack: incoming webhooks under /hooks, Web API under /api, uploads under /upload. */
async function fakeSlack(port: number) {
  let files = 0;
  return receiver(port, (r, res) => {
    const url = `http://127.0.0.1:${port}`;
    if (r.url === '/hooks/T000/B000') return void res.end('ok');
    if (r.url === '/hooks/gone') return void (res.writeHead(404), res.end('no_service'));
    if (r.url === '/api/chat.postMessage') {
      const channel = JSON.parse(r.body.toString()).channel;
      return json(res, channel === 'C-missing' ? { ok: false, error: 'channel_not_found' } : { ok: true, channel, ts: '1700000000.000100' });
    }
    if (r.url === '/api/files.getUploadURLExternal') {
      const id = `F${++files}`;
      return json(res, { ok: true, upload_url: `${url}/upload/${id}`, file_id: id });
    }
    if (r.url.startsWith('/upload/')) return void res.end(`OK - ${r.body.length}`);
    if (r.url === '/api/files.completeUploadExternal') return json(res, { ok: true, files: [] });
    json(res, { ok: false, error: 'unknown_method' }, 404);
  });
}

const bodyOf = (r: Received) => JSON.parse(r.body.toString());

test('vendor.slack posts one attachment with a Timestamp field to the webhook', async (t) => {
  const rx = await fakeSlack(17530);
  const h = await harness({
    's.js': `vendor.slack("${rx.url}/hooks/T000/B000", "Server-side Error", "HTTP 500 on /api", "#ff0000");
try { vendor.slack("${rx.url}/hooks/gone", "p", "t", "#000000"); } catch (e) { console.log(e.message); }`,
  });
  t.deepEqual(h.lines('s.js'), ['vendor.slack: the Slack webhook answered HTTP 404: no_service']);
  const [r] = rx.requests;
  t.is(r.method, 'POST');
  t.is(r.headers['content-type'], 'application/json');
  t.deepEqual(bodyOf(r), {
    attachments: [
      { color: '#ff0000', pretext: 'Server-side Error', text: 'HTTP 500 on /api', fields: [{ title: 'Timestamp', value: STAMP, short: false }], mrkdwn_in: ['pretext', 'text'] },
    ],
  });
  h.stop();
  await rx.close();
});

test('vendor.slackBot: chat.postMessage with fields, then the external file-upload flow', async (t) => {
  const rx = await fakeSlack(17531);
  const dir = await mkdtemp(path.join(tmpdir(), 'wirehook-slack-'));
  const h = await harness(
    {
      'b.js': `var dataPath = file.temp("data", "", "json");
file.write(dataPath, JSON.stringify({ status: 500 }));
file.write("pcaps/000001.pcap", "PCAPBYTES");
vendor.slackBot("xoxb-token", "C123", "Server-side Error", "An HTTP request resulted with 500", "#ff0000",
  { "Service": "carts", "HTTP path": "/api/cart" }, { "data.json": dataPath, "000001.pcap": "pcaps/000001.pcap" });
function attempt(f) { try { f(); console.log("sent"); } catch (e) { console.log(e.message); } }
attempt(function () { vendor.slackBot("xoxb-token", "C-missing", "p", "t", "#000000"); });
attempt(function () { vendor.slackBot("xoxb-token", "C123", "p", "t", "#000000", {}, { "x": "../../etc/passwd" }); });
attempt(function () { vendor.slackBot("xoxb-token", "C123", "p", "t", "#000000", {}, { "x": "nope.txt" }); });`,
    },
    {
      config: (c) => {
        c.dataDir = dir;
        c.vendor.slackApiUrl = `${rx.url}/api/`;
      },
    },
  );
  t.deepEqual(h.lines('b.js'), [
    'vendor.slackBot: Slack chat.postMessage failed: channel_not_found',
    'vendor.slackBot: files["x"]: path "../../etc/passwd" contains "..": paths must stay inside the data directory',
    'vendor.slackBot: files["x"]: "nope.txt" is not a file',
  ]);
  const calls = rx.requests.map((r) => `${r.method} ${r.url}`);
  t.deepEqual(calls.slice(0, 6), [
    'POST /api/chat.postMessage',
    'POST /api/files.getUploadURLExternal',
    'POST /upload/F1',
    'POST /api/files.getUploadURLExternal',
    'POST /upload/F2',
    'POST /api/files.completeUploadExternal',
  ]);
  const [post, ticket1, upload1, ticket2, upload2, complete] = rx.requests;
  t.is(post.headers.authorization, 'Bearer xoxb-token');
  t.is(post.headers['content-type'], 'application/json; charset=utf-8');
  t.deepEqual(bodyOf(post), {
    channel: 'C123',
    attachments: [
      {
        color: '#ff0000',
        pretext: 'Server-side Error',
        text: 'An HTTP request resulted with 500',
        fields: [
          { title: 'Service', value: 'carts', short: true },
          { title: 'HTTP path', value: '/api/cart', short: true },
          { title: 'Timestamp', value: STAMP, short: false },
        ],
        mrkdwn_in: ['pretext', 'text'],
      },
    ],
  });
  t.is(ticket1.headers['content-type'], 'application/x-www-form-urlencoded');
  t.is(ticket1.headers.authorization, 'Bearer xoxb-token');
  t.is(ticket1.body.toString(), 'filename=data.json&length=14');
  t.is(upload1.body.toString(), '{"status":500}');
  t.is(ticket2.body.toString(), 'filename=000001.pcap&length=9');
  t.is(upload2.body.toString(), 'PCAPBYTES');
  t.is(upload2.headers['content-length'], '9');
  t.deepEqual(Object.fromEntries(new URLSearchParams(complete.body.toString())), {
    files: JSON.stringify([
      { id: 'F1', title: 'data.json' },
      { id: 'F2', title: '000001.pcap' },
    ]),
    channel_id: 'C123',
  });
  h.stop();
  await rx.close();
  await rm(dir, { recursive: true, force: true });
});
