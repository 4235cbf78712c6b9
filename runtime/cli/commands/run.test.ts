/**
 * `wirehook run` end to end: a synthetic HTTP capture through the real pipeline, real
 * isolates, jobs on packet time, golden files.
 */
import test from 'ava';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { main } from '../main.ts';
import { CAPTURE_START, tempDir, writeHttpCapture } from '../../testing/capture.ts';
import { readPcapFile } from '../../../capture/source/pcap-file.ts';
import { packetTimeMs } from '../../../capture/source/raw-packet.ts';

function sink() {
  let text = '';
  const stream = new Writable({
    write(chunk, _enc, cb) {
      text += String(chunk);
      cb();
    },
  });
  return { stream, text: () => text };
}

async function wirehook(args: string[]) {
  const out = sink();
  const err = sink();
  const code = await main(args, { stdout: out.stream as unknown as typeof process.stdout, stderr: err.stream as unknown as typeof process.stderr });
  return { code, stdout: out.text(), stderr: err.text() };
}

let dir = '';
let pcap = '';
let items = 0;
let cleanup: () => Promise<void> = async () => undefined;

test.before(async () => {
  ({ dir, cleanup } = await tempDir());
  pcap = join(dir, 'http.pcap');
  items = writeHttpCapture(pcap);
});
test.after.always(() => cleanup());

async function script(name: string, code: string): Promise<string> {
  const p = join(dir, name);
  await writeFile(p, code);
  return p;
}

const STATUS = `// Status counter
var counts = {};
function onItemCaptured(data) { counts[data.response.status] = (counts[data.response.status] || 0) + 1; }
jobs.schedule("report", "* * * * * *", function () { console.log(new Date().toISOString().slice(11, 19), JSON.stringify(counts)); });`;

test('one script: bare console lines, jobs on packet time, every item seen, exit 0', async (t) => {
  const s = await script('status.js', `${STATUS}\nfunction onHubAction() {}\nvar total = 0; function onItemQueried() {}`);
  const total = await script('total.js', `var n = 0; function onItemCaptured() { n++; } setTimeout(function () { console.log("timer at " + new Date().toISOString().slice(11, 23)); }, 500);
jobs.schedule("t", "*/2 * * * * *", function () { console.log("items so far " + n); });`);
  const r = await wirehook(['run', s, '--pcap', pcap]);
  t.is(r.code, 0, r.stderr);
  t.deepEqual(r.stdout.trim().split('\n'), ['00:00:01 {"200":151,"201":63,"404":15,"500":5}', '00:00:02 {"200":302,"201":123,"404":32,"500":9}']);
  const r2 = await wirehook(['run', total, '--pcap', pcap]);
  t.deepEqual(r2.stdout.trim().split('\n'), ['timer at 00:00:00.500', 'items so far 466']);
  t.true(items > 466);
});

test('onPacketCaptured sees every packet, on packet time', async (t) => {
  let before2s = 0;
  let all = 0;
  await readPcapFile(pcap, (p) => {
    all++;
    if (packetTimeMs(p) < CAPTURE_START + 2000) before2s++;
  });
  const s = await script('packets.js', `var n = 0; function onPacketCaptured(info) { n++; }
jobs.schedule("at2s", "*/2 * * * * *", function () { console.log("at 2s " + n); });
function onItemCaptured() {} setTimeout(function () { console.log("after 5s " + n); }, 5000);`);
  const r = await wirehook(['run', s, '--pcap', pcap]);
  t.is(r.code, 0, r.stderr);
  t.deepEqual(r.stdout.trim().split('\n'), [`at 2s ${before2s}`]);
  t.true(all > before2s);
});

test('several scripts: lines prefixed with [title]; deterministic across runs', async (t) => {
  const a = await script('a.js', STATUS);
  const b = await script('b.js', `// Errors\n// @filter response.status >= 500\nfunction onItemCaptured(d) { console.log(d.request.method, d.request.path, d.response.status); }`);
  const r1 = await wirehook(['run', a, b, '--pcap', pcap]);
  const r2 = await wirehook(['run', a, b, '--pcap', pcap]);
  t.is(r1.code, 0);
  t.is(r1.stdout, r2.stdout);
  const lines = r1.stdout.trim().split('\n');
  t.true(lines.every((l) => l.startsWith('[Status counter] ') || l.startsWith('[Errors] ')));
  t.is(lines.filter((l) => l.startsWith('[Errors] ')).length, 14);
  t.regex(lines.find((l) => l.startsWith('[Errors] '))!, /^\[Errors\] (GET|POST) \/\S+ 500$/);
});

test('--env values (JSON types kept) and --filter for every script', async (t) => {
  const s = await script('env.js', `var n = 0; function onItemCaptured(d) { n++; } console.log(typeof LIMIT, LIMIT + 1, env.NAME, env.FLAGS.on);
jobs.schedule("x", "*/2 * * * * *", function () { console.log("filtered items " + n); });`);
  const r = await wirehook(['run', s, '--pcap', pcap, '--env', 'LIMIT=5', '--env', 'NAME=demo', '--env', 'FLAGS={"on":true}', '--filter', 'response.status == 404']);
  t.is(r.code, 0);
  t.deepEqual(r.stdout.trim().split('\n'), ['number 6 demo true', 'filtered items 32']);
});

test('--expect: exit 0 when the output matches, 1 with a unified diff when it differs', async (t) => {
  const s = await script('expect.js', STATUS);
  const good = join(dir, 'good.txt');
  await writeFile(good, '00:00:01 {"200":151,"201":63,"404":15,"500":5}\n00:00:02 {"200":302,"201":123,"404":32,"500":9}\n');
  const ok = await wirehook(['run', s, '--pcap', pcap, '--expect', good]);
  t.is(ok.code, 0, ok.stderr);
  t.is(ok.stderr, '');
  const bad = join(dir, 'bad.txt');
  await writeFile(bad, '00:00:01 {"200":151,"201":63,"404":15,"500":5}\n00:00:02 {"200":1}\n');
  const r = await wirehook(['run', s, '--pcap', pcap, '--expect', bad]);
  t.is(r.code, 1);
  t.is(r.stderr, `wirehook run: the output differs from ${bad}:\n--- ${bad}\n+++ output\n@@ -1,3 +1,3 @@\n 00:00:01 {"200":151,"201":63,"404":15,"500":5}\n-00:00:02 {"200":1}\n+00:00:02 {"200":302,"201":123,"404":32,"500":9}\n \n`);
});

test('a script that does not load: its error in the output, the others still run, exit 1', async (t) => {
  const broken = await script('broken.js', `// Broken\nvar x = ;`);
  const fine = await script('fine.js', `// Fine\nvar n = 0; function onItemCaptured() { n++; } jobs.schedule("x", "*/2 * * * * *", function () { console.log(n > 0); });`);
  const r = await wirehook(['run', broken, fine, '--pcap', pcap]);
  t.is(r.code, 1);
  t.deepEqual(r.stdout.trim().split('\n'), ["[Broken] (load) SyntaxError: Unexpected token ';' at 2:9", '[Fine] true']);
  t.regex(r.stderr, /ERR_SCRIPT_LOAD: broken\.js did not load/);
});

test('usage errors exit 2 with a code and a hint', async (t) => {
  const s = await script('u.js', 'var a;');
  const noPcap = await wirehook(['run', s]);
  t.is(noPcap.code, 2);
  t.regex(noPcap.stderr, /ERR_USAGE: missing --pcap FILE/);
  const noScript = await wirehook(['run', '--pcap', pcap]);
  t.is(noScript.code, 2);
  t.regex(noScript.stderr, /ERR_USAGE: no script given/);
  const unreadable = await wirehook(['run', join(dir, 'missing.js'), '--pcap', pcap]);
  t.is(unreadable.code, 2);
  t.regex(unreadable.stderr, /ERR_SCRIPT_READ: cannot read script .*missing\.js: ENOENT/);
  const badPcap = await wirehook(['run', s, '--pcap', join(dir, 'nope.pcap')]);
  t.is(badPcap.code, 2);
  t.regex(badPcap.stderr, /ERR_INPUT: cannot read capture/);
  const badEnv = await wirehook(['run', s, '--pcap', pcap, '--env', 'NOEQUALS']);
  t.is(badEnv.code, 2);
  t.regex(badEnv.stderr, /--env expects K=V/);
  const badFilter = await wirehook(['run', s, '--pcap', pcap, '--filter', 'http and ??']);
  t.is(badFilter.code, 2);
  t.regex(badFilter.stderr, /ERR_KFL_SYNTAX: invalid --filter: 1:10/);
  const badConfig = await wirehook(['run', s, '--pcap', pcap, '--config', join(dir, 'nope.yaml')]);
  t.is(badConfig.code, 2);
  t.regex(badConfig.stderr, /ERR_CONFIG_NOT_FOUND/);
});

test('--config supplies scripting.env and limits', async (t) => {
  const cfg = join(dir, 'wirehook.yaml');
  await writeFile(cfg, 'scripting:\n  env:\n    GREETING: hello\n    COUNT: 3\n  limits:\n    timeoutMs: 500\n');
  const s = await script('cfg.js', `console.log(GREETING, COUNT * 2);`);
  const r = await wirehook(['run', s, '--pcap', pcap, '--config', cfg, '--env', 'COUNT=4']);
  t.is(r.code, 0, r.stderr);
  t.is(r.stdout, 'hello 8\n');
});
