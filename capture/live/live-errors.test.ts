import test from 'ava';
import { execFile } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { startNginx } from '../testing/servers.ts';
import { CaptureError } from './capture-error.ts';
import { LiveCaptureSource, type LiveCaptureOptions } from './live-source.ts';
import { startTestNode, waitFor } from './testing/live-node.ts';

const exec = promisify(execFile);
const NGINX = 17711;
const NO_CAP = 'wirehook-test-no-such-cap-module';

/** Run a source that is expected to fail at start; returns the error. */
async function failure(o: LiveCaptureOptions): Promise<CaptureError> {
  const logs: string[] = [];
  const source = new LiveCaptureSource({ log: (l) => logs.push(l), ...o });
  const ac = new AbortController();
  const err = await source.run(() => undefined, ac.signal).then(
    () => null,
    (e: unknown) => e,
  );
  if (!(err instanceof CaptureError)) throw new Error(`expected a CaptureError, got ${String(err)}; log: ${logs.join(' | ')}`);
  return err;
}

test('a missing interface is a coded error listing the real ones', async (t) => {
  const err = await failure({ iface: 'wh-nope0' });
  t.is(err.code, 'ERR_CAPTURE_NO_INTERFACE');
  t.regex(err.detail, /wh-nope0/);
  t.regex(err.hint, /\blo\b/);
});

test('an invalid BPF filter is a coded error', async (t) => {
  const err = await failure({ iface: 'lo', filter: 'tcp port', producer: 'tcpdump' });
  t.is(err.code, 'ERR_CAPTURE_FILTER');
  t.regex(err.hint, /pcap-filter/);
});

test('neither cap nor tcpdump available: ERR_CAPTURE_NO_PRODUCER with an install hint', async (t) => {
  const err = await failure({ iface: 'lo', capModule: NO_CAP, tcpdumpPath: '/nonexistent/tcpdump' });
  t.is(err.code, 'ERR_CAPTURE_NO_PRODUCER');
  t.regex(err.detail, /cap unavailable.*tcpdump unavailable|tcpdump unavailable.*cap unavailable/);
  t.regex(err.hint, /apt-get install tcpdump/);
});

test('no privilege to capture: ERR_CAPTURE_PERMISSION', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'wh-eperm-'));
  try {
    // tcpdump run as "nobody" gets EPERM from socket(AF_PACKET) like an unprivileged user.
    const wrapper = path.join(dir, 'tcpdump-as-nobody');
    await writeFile(wrapper, '#!/bin/sh\nexec setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all tcpdump "$@"\n');
    await chmod(wrapper, 0o755);
    const err = await failure({ iface: 'lo', capModule: NO_CAP, tcpdumpPath: wrapper });
    t.is(err.code, 'ERR_CAPTURE_PERMISSION');
    t.regex(err.hint, /root|NET_RAW/);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

test('cap unavailable: falls back to tcpdump with a log line, and capture works', async (t) => {
  const nginx = await startNginx(NGINX);
  const tn = await startTestNode();
  try {
    const source = new LiveCaptureSource({ iface: 'lo', filter: `tcp port ${NGINX}`, producer: 'cap', capModule: NO_CAP, immediate: true, log: (l) => tn.logs.push(l) });
    const ready = source.nextReady();
    tn.node.runSource(source);
    await ready;
    t.is(source.stats.producer, 'tcpdump');
    t.true(tn.logs.some((l) => /cap unavailable: cannot load .*falling back to tcpdump/.test(l)), tn.logs.join('\n'));
    await exec('curl', ['-s', '-o', '/dev/null', `http://127.0.0.1:${NGINX}/hello`]);
    await waitFor('an HTTP item', () => tn.items.some((i) => i.request?.path === '/hello'));
    t.pass();
  } finally {
    await tn.close();
    await nginx.stop();
  }
});

test('tcpdump missing: falls back to cap', async (t) => {
  const tn = await startTestNode();
  try {
    const source = new LiveCaptureSource({ iface: 'lo', filter: 'tcp port 17712', tcpdumpPath: '/nonexistent/tcpdump', log: (l) => tn.logs.push(l) });
    const ready = source.nextReady();
    tn.node.runSource(source);
    await ready;
    t.is(source.stats.producer, 'cap');
    t.true(tn.logs.some((l) => /tcpdump unavailable.*falling back to cap/.test(l)));
  } finally {
    await tn.close();
  }
});

test('stopping while the agent is still starting resolves quietly, with no restart', async (t) => {
  const source = new LiveCaptureSource({ iface: 'lo', filter: 'tcp port 17713', log: () => undefined });
  const ac = new AbortController();
  const run = source.run(() => undefined, ac.signal);
  setTimeout(() => ac.abort(), 50);
  await t.notThrowsAsync(run);
  t.is(source.stats.captureRestarts, 0);
  t.is(source.stats.startFailures, 0);
  t.is(source.agentPid, null);
});
