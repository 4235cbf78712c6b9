import test from 'ava';
import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { tempDir } from '../../runtime/testing/capture.ts';

const exec = promisify(execFile);
const BIN = fileURLToPath(new URL('../../runtime/cli/bin.js', import.meta.url));

test('wirehook start --interface NOPE exits 2 with ERR_CAPTURE_NO_INTERFACE and the real names', async (t) => {
  const tmp = await tempDir();
  try {
    const err = await exec(process.execPath, [BIN, 'start', '--interface', 'wh-nope1', '--port', '0', '--data', tmp.dir]).then(
      () => null,
      (e: { code: number; stderr: string }) => e,
    );
    t.is(err?.code, 2);
    t.regex(err!.stderr, /ERR_CAPTURE_NO_INTERFACE: no network interface named 'wh-nope1'/);
    t.regex(err!.stderr, /hint: choose one of: .*\blo\b/);
  } finally {
    await tmp.cleanup();
  }
});

test('wirehook start --interface lo --filter BPF: captures through the agent and stops it cleanly', async (t) => {
  const tmp = await tempDir();
  try {
    const child = spawn(process.execPath, [BIN, 'start', '--interface', 'lo', '--filter', 'tcp port 17741', '--port', '0', '--data', tmp.dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    const deadline = Date.now() + 20_000;
    while (!out.includes('capturing on lo with tcpdump (filter: tcp port 17741)') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    t.regex(out, /source live:lo;/);
    t.regex(out, /capturing on lo with tcpdump \(filter: tcp port 17741\)/);
    const { stdout: ps } = await exec('ps', ['-eo', 'pid,args']);
    t.true(ps.includes('tcpdump -i lo') && ps.includes('tcp port 17741'));
    const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    t.is(await exit, 0);
    const { stdout: after } = await exec('ps', ['-eo', 'pid,args']);
    t.false(after.split('\n').some((l) => l.includes('tcpdump') && l.includes('tcp port 17741')), 'no tcpdump left behind');
  } finally {
    await tmp.cleanup();
  }
});
