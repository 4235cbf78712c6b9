/**
 * setTimeout / setInterval / clearTimeout / clearInterval on the runtime clock (packet time
 * in `wirehook run`); runtime/timers.ts documents the semantics.
 */
import { any, args, fn, int, num, optional } from './args.ts';
import { defineOp } from './define-op.ts';

const setArgs = args([fn('fn'), optional(num('ms', { min: 0 }))], any('args'));
const clearArgs = args([optional(int('id'))]);

export const timerOps = [
  defineOp({
    name: 'setTimeout',
    kind: 'sync',
    args: setArgs,
    signature: '(fn: (...args: any[]) => void, ms?: number, ...args: any[]): number',
    doc: 'Calls `fn(...args)` once after `ms` milliseconds (at least 1), after the current call returns. Returns the timer id.',
    run: (ctx, f, ms, ...rest) => ctx.timers.set(f, ms ?? 0, rest, false),
  }),
  defineOp({
    name: 'setInterval',
    kind: 'sync',
    args: setArgs,
    signature: '(fn: (...args: any[]) => void, ms?: number, ...args: any[]): number',
    doc: 'Calls `fn(...args)` every `ms` milliseconds (at least 1); a firing is skipped while the previous call has not run yet. Returns the timer id.',
    run: (ctx, f, ms, ...rest) => ctx.timers.set(f, ms ?? 0, rest, true),
  }),
  defineOp({
    name: 'clearTimeout',
    kind: 'sync',
    args: clearArgs,
    signature: '(id?: number): void',
    doc: 'Cancels a timer (unknown ids are ignored).',
    run: (ctx, id) => (id === undefined ? undefined : ctx.timers.clear(id)),
  }),
  defineOp({
    name: 'clearInterval',
    kind: 'sync',
    args: clearArgs,
    signature: '(id?: number): void',
    doc: 'Same as `clearTimeout`.',
    run: (ctx, id) => (id === undefined ? undefined : ctx.timers.clear(id)),
  }),
];
