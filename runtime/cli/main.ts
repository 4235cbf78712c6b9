/**
 * Entry point of the `wirehook` command: dispatches to the subcommand table.
 * Exit codes: 0 ok, 1 failure, 2 usage or configuration error.
 */
import { commandHelp, parseCommandArgs, UsageError, type Command } from './command.ts';
import { commands } from './commands/index.ts';

const VERSION = '0.1.0';

function topHelp(): string {
  const w = Math.max(...commands.map((c) => c.name.length)) + 2;
  return [
    'wirehook — scriptable network-processor runtime',
    '',
    'Usage: wirehook <command> [options]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(w)}${c.summary}`),
    '',
    "Run 'wirehook <command> --help' for the options of a command.",
    '',
  ].join('\n');
}

export async function main(argv: string[], io = { stdout: process.stdout, stderr: process.stderr }): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    io.stdout.write(topHelp());
    return name ? 0 : 2;
  }
  if (name === '--version' || name === '-v') {
    io.stdout.write(VERSION + '\n');
    return 0;
  }
  const cmd: Command | undefined = commands.find((c) => c.name === name);
  if (!cmd) {
    io.stderr.write(`wirehook: ERR_USAGE: unknown command '${name}'\n  hint: run 'wirehook --help' for the list of commands\n`);
    return 2;
  }
  try {
    const { values, positionals } = parseCommandArgs(cmd, rest);
    if (values.help) {
      io.stdout.write(commandHelp(cmd));
      return 0;
    }
    return await cmd.run({ values, positionals, stdout: io.stdout, stderr: io.stderr });
  } catch (e) {
    const err = e as Error & { code?: string; hint?: string };
    if (e instanceof UsageError || (typeof err.code === 'string' && err.code.startsWith('ERR_') && 'hint' in err)) {
      io.stderr.write(`wirehook ${cmd.name}: ${err.code}: ${err.message}\n${err.hint ? `  hint: ${err.hint}\n` : ''}`);
      return 2;
    }
    io.stderr.write(`wirehook ${cmd.name}: ${err.code ?? 'ERR_INTERNAL'}: ${err.stack ?? err.message}\n`);
    return 1;
  }
}
