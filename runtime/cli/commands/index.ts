/** The subcommand table, in the order `wirehook --help` lists them. */
import type { Command } from '../command.ts';
import { start } from './start.ts';
import { dissect } from './dissect.ts';
import { run } from './run.ts';
import { generate } from './generate.ts';
import { hub } from './hub.ts';
import { worker } from './worker.ts';
import { scripts } from './scripts.ts';

export const commands: Command[] = [start, dissect, run, generate, hub, worker, scripts];
