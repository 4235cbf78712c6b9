/**
 * Subcommand table for the `wirehook` command. Each command file exports one
 * `defineCommand(...)`; `main.ts` lists them, builds `--help` from the table and parses
 * flags strictly (unknown flags are a usage error, exit 2).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export type OptionSpec = {
  type: 'string' | 'boolean';
  short?: string;
  multiple?: boolean;
  /** Placeholder shown in help, e.g. FILE. */
  arg?: string;
  description: string;
  default?: string | boolean;
};

export interface CommandContext {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
}

export interface Command {
  name: string;
  /** One line for the command list. */
  summary: string;
  /** Usage line after `wirehook <name>`, e.g. `FILE.pcap [--json]`. */
  usage: string;
  options: Record<string, OptionSpec>;
  /** Allow positional arguments (default false). */
  positionals?: boolean;
  /** Returns the process exit code: 0 ok, 1 failure, 2 usage/config error. */
  run(ctx: CommandContext): Promise<number>;
}

export function defineCommand(c: Command): Command {
  return c;
}

/** A usage or configuration error: printed with its code and a hint, exit code 2. */
export class UsageError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly hint?: string,
  ) {
    super(message);
  }
}

/** A `--name` flag that must be a positive (integer) number; undefined when not given. */
export function positiveFlag(v: unknown, name: string, integer = false): number | undefined {
  if (typeof v !== 'string') return undefined;
  const n = Number(v);
  if (!(n > 0) || !Number.isFinite(n) || (integer && !Number.isInteger(n))) {
    throw new UsageError('ERR_USAGE', `--${name} must be a positive ${integer ? 'integer' : 'number'}, got '${v}'`);
  }
  return n;
}

export function parseCommandArgs(cmd: Command, argv: string[]) {
  const options: ParseArgsConfig['options'] = { help: { type: 'boolean', short: 'h' } };
  for (const [name, o] of Object.entries(cmd.options)) {
    options[name] = { type: o.type, ...(o.short ? { short: o.short } : {}), ...(o.multiple ? { multiple: true } : {}) };
  }
  try {
    return parseArgs({ args: argv, options, allowPositionals: cmd.positionals ?? false, strict: true });
  } catch (e) {
    const msg = (e as Error).message;
    throw new UsageError('ERR_USAGE', msg, `run 'wirehook ${cmd.name} --help' for the options`);
  }
}

export function commandHelp(cmd: Command): string {
  const lines = [`Usage: wirehook ${cmd.name} ${cmd.usage}`, '', cmd.summary, ''];
  const entries = Object.entries(cmd.options);
  if (entries.length) {
    lines.push('Options:');
    const rows = entries.map(([name, o]) => {
      const flag = `${o.short ? `-${o.short}, ` : '    '}--${name}${o.type === 'string' ? ` ${o.arg ?? 'VALUE'}` : ''}`;
      const def = o.default !== undefined ? ` (default: ${o.default})` : '';
      return [flag, o.description + def + (o.multiple ? ' (repeatable)' : '')];
    });
    rows.push(['-h, --help', 'show this help']);
    const w = Math.max(...rows.map((r) => r[0].length)) + 2;
    for (const [f, d] of rows) lines.push(`  ${f.padEnd(w)}${d}`);
  }
  return lines.join('\n') + '\n';
}
