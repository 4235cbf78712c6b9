import { UsageError } from '../command.ts';

/** For subcommands whose implementation lands with a later issue. */
export function notYet(name: string, what: string): never {
  throw new UsageError('ERR_NOT_IMPLEMENTED', `'wirehook ${name}' is not available yet: ${what}`);
}
