/**
 * console.* (SCRIPT-API.md §3): `post` ops — the guest joins `String(arg)` of the arguments
 * with a space, cuts the line to `limits.maxLineLength`, and queues it; lines reach the
 * script's console in order. console.info/debug write like log, console.warn like error.
 */
import { args, str } from './args.ts';
import { defineOp, type HostOp } from './define-op.ts';

const line = args([str('line')]);

export const consoleOps: HostOp<[string], void>[] = [
  defineOp({
    name: 'console.log',
    kind: 'post',
    args: line,
    signature: '(...args: any[]): void',
    doc: 'Writes one line to the script\'s console: `String(arg)` of each argument joined with a space (objects print as `[object Object]`; use `JSON.stringify`).',
    run: (ctx, text) => ctx.console.log(text),
  }),
  defineOp({
    name: 'console.error',
    kind: 'post',
    args: line,
    signature: '(...args: any[]): void',
    doc: 'Like `console.log`, marked as an error.',
    run: (ctx, text) => ctx.console.error(text),
  }),
  defineOp({
    name: 'console.info',
    kind: 'post',
    args: line,
    signature: '(...args: any[]): void',
    doc: 'Same as `console.log`.',
    run: (ctx, text) => ctx.console.log(text),
  }),
  defineOp({
    name: 'console.debug',
    kind: 'post',
    args: line,
    signature: '(...args: any[]): void',
    doc: 'Same as `console.log`.',
    run: (ctx, text) => ctx.console.log(text),
  }),
  defineOp({
    name: 'console.warn',
    kind: 'post',
    args: line,
    signature: '(...args: any[]): void',
    doc: 'Same as `console.error`.',
    run: (ctx, text) => ctx.console.error(text),
  }),
  defineOp({
    name: 'console.clear',
    kind: 'post',
    args: line,
    signature: '(): void',
    doc: 'Clears the script\'s console (viewers are told; `wirehook run` ignores it).',
    run: (ctx) => ctx.console.clear(),
  }),
];
