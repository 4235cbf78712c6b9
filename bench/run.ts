/**
 * `npm run bench [-- AREA...] [-- --quick] [-- --list]`: runs the registered benchmarks
 * (bench/index.ts; all by default, or the areas named), prints each area's table and
 * rewrites bench/RESULTS.md (results-file.ts): the machine, date, versions and
 * methodology, a summary of the targets met per area, then one section per area. Areas
 * not run keep their previous section. An area that throws is recorded as failed and
 * the others still run; the exit code is then 1.
 */
import { execFileSync } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import { benches } from './index.ts';
import { METHODOLOGY } from './harness.ts';
import { parseSections, renderFailure, renderSection, summaryTable, tableOf, type Section } from './results-file.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const wanted = args.filter((a) => !a.startsWith('--'));
const resultsPath = new URL('./RESULTS.md', import.meta.url);

if (args.includes('--list')) {
  for (const b of benches) process.stdout.write(b.area + '\n');
  process.exit(0);
}
const unknown = wanted.filter((w) => !benches.some((b) => b.area === w));
if (unknown.length) {
  process.stderr.write(`bench: unknown area ${unknown.join(', ')}; areas: ${benches.map((b) => b.area).join(', ')}\n`);
  process.exit(2);
}
const selected = benches.filter((b) => wanted.length === 0 || wanted.includes(b.area));

function firstLine(cmd: string, argv: string[]): string {
  try {
    return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).split('\n')[0].trim();
  } catch {
    return 'not installed';
  }
}

const require = createRequire(import.meta.url);
function pkg(name: string): string {
  try {
    return `${name} ${(require(`${name}/package.json`) as { version: string }).version}`;
  } catch {
    return `${name} (missing)`;
  }
}

function commit(): string {
  const head = firstLine('git', ['rev-parse', '--short', 'HEAD']);
  if (head === 'not installed') return 'unknown commit';
  const dirty = firstLine('git', ['status', '--porcelain', '--untracked-files=no']) !== '';
  return `commit ${head}${dirty ? ' with local changes' : ''}`;
}

const started = new Date();
const date = started.toISOString().slice(0, 10);
const mode = quick ? 'quick run' : 'full run';
const sections = new Map<string, Section>();
try {
  for (const s of parseSections(await readFile(resultsPath, 'utf8'))) sections.set(s.area, s);
} catch {
  /* first run */
}

let failures = 0;
for (const b of selected) {
  process.stderr.write(`bench ${b.area} ...\n`);
  const t0 = performance.now();
  try {
    const r = await b.run({ quick });
    process.stdout.write(`## ${r.area}\n\n${tableOf(r)}\n\n`);
    sections.set(b.area, { area: b.area, text: renderSection(r, date, mode) });
  } catch (e) {
    failures++;
    process.stderr.write(`bench ${b.area} failed: ${(e as Error).stack ?? e}\n`);
    sections.set(b.area, { area: b.area, text: renderFailure(b.area, date, mode, e as Error) });
  }
  process.stderr.write(`bench ${b.area}: ${((performance.now() - t0) / 1000).toFixed(0)} s\n`);
}

// Registered areas first, in registration order; sections of areas no longer registered after.
const ordered = [...benches.map((b) => sections.get(b.area)).filter((s): s is Section => s !== undefined), ...[...sections.values()].filter((s) => !benches.some((b) => b.area === s.area))];
const cpus = os.cpus();
const header = [
  '# Benchmark results',
  '',
  `Machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, ${os.type()} ${os.release()} (${os.arch()}).`,
  `Software: Node ${process.version}; ${firstLine('tshark', ['--version'])}; ${firstLine('tcpdump', ['--version'])}; ${firstLine('chromium', ['--version'])};`,
  `${['isolated-vm', 'prom-client', 'koa', 'ws', 'elkjs', 'esbuild', 'typescript'].map(pkg).join(', ')}.`,
  `Last run: ${started.toISOString()} (${mode}: ${selected.map((b) => b.area).join(', ')}), ${commit()}. Regenerate with \`npm run bench\` (\`npm run bench -- <area>\` for one area, \`-- --quick\` for a smoke run).`,
  '',
  '## Methodology',
  '',
  METHODOLOGY,
  '',
  '## Summary',
  '',
  summaryTable(ordered),
  '',
].join('\n');
await writeFile(resultsPath, header + '\n' + ordered.map((s) => s.text).join('\n'));
if (failures) process.exitCode = 1;
