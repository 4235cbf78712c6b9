/**
 * The `wirehook` command as a user runs it (bin.js in a child process): help, usage errors
 * with codes, and `dissect` on a generated capture (table, NDJSON, filter, truncated file).
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateHttpCorpus } from '../../capture/synth/http-corpus.ts';
import { pcapFileSink } from '../../capture/synth/pcap-sink.ts';

const BIN = fileURLToPath(new URL('./bin.js', import.meta.url));

function wirehook(args: string[], stdin?: Buffer): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [BIN, ...args], { maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
    if (stdin) child.stdin!.end(stdin);
  });
}

let pcap = '';
test.before(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wh-cli-'));
  pcap = path.join(dir, 'http.pcap');
  const sink = pcapFileSink(pcap);
  generateHttpCorpus(sink, { connections: 50, seed: 3 });
  sink.close();
});

test('--help lists every command; no command is a usage error', async (t) => {
  const help = await wirehook(['--help']);
  t.is(help.code, 0);
  for (const c of ['start', 'dissect', 'run', 'generate', 'hub', 'worker', 'scripts']) t.regex(help.stdout, new RegExp(`^  ${c} `, 'm'));
  const none = await wirehook([]);
  t.is(none.code, 2);
});

test('unknown commands and flags exit 2 with ERR_USAGE and a hint', async (t) => {
  const cmd = await wirehook(['frobnicate']);
  t.is(cmd.code, 2);
  t.regex(cmd.stderr, /ERR_USAGE: unknown command 'frobnicate'/);
  const flag = await wirehook(['dissect', pcap, '--bogus']);
  t.is(flag.code, 2);
  t.regex(flag.stderr, /ERR_USAGE: Unknown option '--bogus'/);
  t.regex(flag.stderr, /hint: run 'wirehook dissect --help'/);
});

test('dissect prints a table and a summary; --json prints one parseable item per line', async (t) => {
  const table = await wirehook(['dissect', pcap]);
  t.is(table.code, 0);
  t.regex(table.stdout, /^TIME\s+PROTO\s+SOURCE/);
  t.regex(table.stderr, /items\s+\d+/);
  const json = await wirehook(['dissect', pcap, '--json']);
  const items = json.stdout.trim().split('\n').map((l) => JSON.parse(l));
  t.is(items.length, table.stdout.trim().split('\n').length - 1);
  t.true(items.every((i) => i.protocol.abbr === 'HTTP' && typeof i.src.port === 'string'));
});

test('dissect --filter keeps matching items; a bad filter is ERR_KFL_SYNTAX with a caret', async (t) => {
  const all = await wirehook(['dissect', pcap, '--json']);
  const expected = all.stdout.trim().split('\n').map((l) => JSON.parse(l)).filter((i) => i.response.status >= 400).length;
  const f = await wirehook(['dissect', pcap, '--json', '--filter', 'http and response.status >= 400']);
  t.is(f.stdout.trim() === '' ? 0 : f.stdout.trim().split('\n').length, expected);
  const bad = await wirehook(['dissect', pcap, '--filter', 'response.status >=']);
  t.is(bad.code, 2);
  t.regex(bad.stderr, /ERR_KFL_SYNTAX: invalid --filter: 1:\d+:/);
  t.regex(bad.stderr, /\^/);
});

test('dissect reads stdin with "-"', async (t) => {
  const r = await wirehook(['dissect', '-', '--json'], await readFile(pcap));
  t.is(r.code, 0);
  t.true(r.stdout.trim().split('\n').length > 50);
});

test('a truncated capture yields its valid items, then ERR_PCAP_TRUNCATED and exit 1', async (t) => {
  const whole = await readFile(pcap);
  const cut = pcap.replace('.pcap', '-cut.pcap');
  await writeFile(cut, whole.subarray(0, Math.floor(whole.length / 2) + 7));
  const r = await wirehook(['dissect', cut, '--json']);
  t.is(r.code, 1);
  t.regex(r.stderr, /ERR_PCAP_TRUNCATED: .*byte \d+/);
  t.true(r.stdout.trim().split('\n').length > 10);
});

test('a missing file is a usage error', async (t) => {
  const r = await wirehook(['dissect', '/nonexistent/x.pcap']);
  t.is(r.code, 2);
  t.regex(r.stderr, /ERR_INPUT: cannot read/);
});
