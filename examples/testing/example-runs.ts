/**
 * Test helper for the examples gallery: the demo capture every example header documents
 * (made with the real `wirehook generate`), and `wirehook run examples/X.js --pcap …
 * --identity … --expect examples/golden/X.txt` in-process, with its data directory.
 *
 * With WIREHOOK_UPDATE_GOLDENS=1 a run writes its output as the new golden file instead of
 * comparing (after a deliberate change to the generator or an example; review the diff).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../../runtime/cli/main.ts';

export const EXAMPLES = fileURLToPath(new URL('../', import.meta.url));
export const GOLDEN = path.join(EXAMPLES, 'golden');

/** The generate options every example header gives. */
export const DEMO_GENERATE = ['--seed', '7', '--duration', '180', '--start', '2026-01-01T00:58:30Z'];

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the `wirehook` CLI in this process. */
export async function wirehook(args: string[]): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const sink = (add: (s: string) => void) =>
    new Writable({
      write(chunk, _enc, cb) {
        add(String(chunk));
        cb();
      },
    });
  const code = await main(args, {
    stdout: sink((s) => (stdout += s)) as unknown as typeof process.stdout,
    stderr: sink((s) => (stderr += s)) as unknown as typeof process.stderr,
  });
  return { code, stdout, stderr };
}

export interface DemoFiles {
  dir: string;
  pcap: string;
  identity: string;
  cleanup(): Promise<void>;
}

/** `wirehook generate --out demo.pcap --identity demo.yaml <DEMO_GENERATE>` in a temp dir. */
export async function demoFiles(): Promise<DemoFiles> {
  const dir = await mkdtemp(path.join(tmpdir(), 'wh-examples-'));
  const pcap = path.join(dir, 'demo.pcap');
  const identity = path.join(dir, 'demo.yaml');
  const r = await wirehook(['generate', '--out', pcap, '--identity', identity, ...DEMO_GENERATE]);
  if (r.code !== 0) throw new Error(`wirehook generate failed: ${r.stderr}`);
  return { dir, pcap, identity, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export interface ExampleRun extends CliResult {
  /** The data directory the script wrote to. */
  dataDir: string;
}

/**
 * `wirehook run examples/<name>.js` on the demo capture, compared with
 * examples/golden/<golden ?? name>.txt (`--expect`), `env` as `--env K=V`.
 */
export async function runExample(demo: DemoFiles, name: string, o: { env?: Record<string, string>; golden?: string } = {}): Promise<ExampleRun> {
  const dataDir = await mkdtemp(path.join(demo.dir, `${name}-`));
  const golden = path.join(GOLDEN, `${o.golden ?? name}.txt`);
  const update = process.env.WIREHOOK_UPDATE_GOLDENS === '1';
  const args = ['run', path.join(EXAMPLES, `${name}.js`), '--pcap', demo.pcap, '--identity', demo.identity, '--data', dataDir];
  for (const [k, v] of Object.entries(o.env ?? {})) args.push('--env', `${k}=${v}`);
  if (!update) args.push('--expect', golden);
  const r = await wirehook(args);
  if (update && r.code === 0) await writeFile(golden, r.stdout);
  return { ...r, dataDir };
}
