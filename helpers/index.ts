/**
 * The built-in helpers, in documentation order. Later helpers (prometheus, vendor, pcap,
 * file …) add one file each and one entry here.
 */
import { OpCatalog } from './catalog.ts';
import { consoleOps } from './console.ts';
import type { OpDefinition } from './define-op.ts';
import { envValue } from './env.ts';
import { hubOps } from './hub.ts';
import { jobsOps } from './jobs.ts';
import { kflOps } from './kfl.ts';
import { testOps } from './test.ts';
import { timerOps } from './timers.ts';
import { utilsOps } from './utils.ts';
import { wrapperOps } from './wrapper.ts';

export const builtinOps: OpDefinition[] = [
  ...consoleOps,
  envValue,
  ...testOps,
  ...jobsOps,
  ...timerOps,
  ...kflOps,
  ...hubOps,
  ...utilsOps,
  ...wrapperOps,
];

let builtin: OpCatalog | undefined;

/** The catalog of built-in helpers (validated once). */
export function builtinCatalog(): OpCatalog {
  builtin ??= OpCatalog.create(builtinOps);
  return builtin;
}
