/**
 * `wirehook run SCRIPT.js... --pcap FILE [--identity FILE] [--env K=V]... [--filter KFL] [--expect GOLDEN] [--data DIR] [--config FILE]`
 * runs scripts offline over a capture on packet time (runtime/offline-run.ts) and prints
 * their console to stdout. Identities (`--identity` or `identity.file`) and a stream store
 * for pcap.* come from runtime/offline-services.ts; files scripts write go to the data
 * directory (`--data`, else `dataDir`). Exit 0; 1 when a script did not load or the output differs
 * from GOLDEN (a unified diff goes to stderr); 2 for usage errors.
 *
 * `--env K=V` values keep JSON types when V is JSON (`--env LIMIT=5` is a number,
 * `--env FLAGS={"a":true}` an object); anything else is a string. They are added to
 * `scripting.env` from the config file.
 */
import { constants } from 'node:fs';
import { access, readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { PcapFormatError } from '../../../capture/source/pcap-format-error.ts';
import { loadConfig } from '../../config.ts';
import { envValue } from '../../config/env-overrides.ts';
import { runOffline } from '../../offline-run.ts';
import { offlineServices } from '../../offline-services.ts';
import { unifiedDiff } from '../../text-diff.ts';
import { defineCommand, UsageError } from '../command.ts';
import { compileFilterOption } from './dissect.ts';

const USAGE = 'usage: wirehook run SCRIPT.js... --pcap FILE [--identity FILE] [--env K=V] [--filter KFL] [--expect GOLDEN] [--data DIR]';

async function readInput(path: string, what: string, code: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (e) {
    throw new UsageError(code, `cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'check the path');
  }
}

async function checkReadable(path: string): Promise<void> {
  try {
    await access(path, constants.R_OK);
    if (!(await stat(path)).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' });
  } catch (e) {
    throw new UsageError('ERR_INPUT', `cannot read capture ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'check the --pcap path');
  }
}

function parseEnv(list: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const kv of (Array.isArray(list) ? list : []) as string[]) {
    const eq = kv.indexOf('=');
    if (eq <= 0) throw new UsageError('ERR_USAGE', `--env expects K=V, got "${kv}"`, 'e.g. --env SLACK_WEBHOOK=https://hooks.slack.com/… --env LIMIT=5');
    out[kv.slice(0, eq)] = envValue(kv.slice(eq + 1));
  }
  return out;
}

/** Ids from file names, made unique (a.js, a-2.js) when two scripts share a name. */
function scriptIds(paths: string[]): string[] {
  const seen = new Map<string, number>();
  return paths.map((p) => {
    const base = basename(p).endsWith('.js') ? basename(p) : `${basename(p)}.js`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : base.replace(/\.js$/, `-${n}.js`);
  });
}

export const run = defineCommand({
  name: 'run',
  summary: 'Run scripts offline over a capture on packet time; console to stdout',
  usage: 'SCRIPT.js... --pcap FILE [--identity FILE] [--env K=V] [--filter KFL] [--expect GOLDEN] [--data DIR]',
  positionals: true,
  options: {
    pcap: { type: 'string', arg: 'FILE', description: 'capture to replay' },
    identity: { type: 'string', arg: 'FILE', description: 'Kubernetes identities of the capture (YAML/JSON, e.g. from wirehook generate --identity)' },
    data: { type: 'string', arg: 'DIR', description: 'data directory for files scripts write (default dataDir, .wirehook)' },
    env: { type: 'string', multiple: true, arg: 'K=V', description: 'script env value (JSON types kept)' },
    filter: { type: 'string', arg: 'KFL', description: 'only items matching this KFL filter' },
    expect: { type: 'string', arg: 'GOLDEN', description: 'compare console output with this file (exit 1 and a diff when it differs)' },
    config: { type: 'string', arg: 'FILE', description: 'wirehook.yaml (scripting.env, limits)' },
  },
  async run({ values, positionals, stdout, stderr }) {
    if (positionals.length === 0) throw new UsageError('ERR_USAGE', 'no script given', USAGE);
    const pcap = values.pcap as string | undefined;
    if (!pcap) throw new UsageError('ERR_USAGE', 'missing --pcap FILE', USAGE);
    const config = await loadConfig({ file: values.config as string | undefined });
    if (typeof values.data === 'string') config.dataDir = values.data;
    const env = { ...config.scripting.env, ...parseEnv(values.env) };
    const filter = values.filter as string | undefined;
    compileFilterOption(filter);
    const ids = scriptIds(positionals);
    const scripts = await Promise.all(positionals.map(async (p, i) => ({ id: ids[i], code: await readInput(p, 'script', 'ERR_SCRIPT_READ') })));
    const golden = values.expect ? await readInput(values.expect as string, 'expected output', 'ERR_INPUT') : undefined;
    await checkReadable(pcap);
    const lines: string[] = [];
    const extras = await offlineServices(config, { identityFile: values.identity as string | undefined });
    for (const n of extras.notes) stderr.write(`wirehook run: ${n}\n`);
    let result;
    try {
      result = await runOffline({
        scripts,
        pcap,
        config,
        env,
        filter,
        enrichers: extras.enrichers,
        onFlowPacket: extras.onFlowPacket,
        services: extras.services,
        atPacketTime: extras.atPacketTime,
        out: (line) => {
          lines.push(line);
          stdout.write(line + '\n');
        },
      });
    } catch (e) {
      if (e instanceof PcapFormatError) {
        stderr.write(`wirehook run: ${e.code}: ${e.message}\n  hint: the output above comes from the valid part of the capture\n`);
        return 1;
      }
      throw e;
    } finally {
      await extras.close();
    }
    let code = 0;
    for (const id of result.failed) {
      stderr.write(`wirehook run: ERR_SCRIPT_LOAD: ${id} did not load (its error is in the output above)\n`);
      code = 1;
    }
    if (golden !== undefined) {
      const actual = lines.length ? lines.join('\n') + '\n' : '';
      const diff = unifiedDiff(golden, actual, { expected: values.expect as string, actual: 'output' });
      if (diff) {
        stderr.write(`wirehook run: the output differs from ${values.expect}:\n${diff}`);
        code = 1;
      }
    }
    return code;
  },
});
