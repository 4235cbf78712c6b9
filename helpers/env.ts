/**
 * `env` (SCRIPT-API.md §1): the values of config `scripting.env` (and `--env K=V`), with
 * their JSON types kept. For old scripts each key is also a global variable, unless a
 * built-in or helper already has that name.
 */
import { defineValue } from './define-op.ts';

export const envValue = defineValue({
  name: 'env',
  signature: '(): Record<string, any>',
  doc: 'Configured values (`scripting.env` in wirehook.yaml, `WIREHOOK_SCRIPTING_ENV_<KEY>`, `wirehook run --env K=V`), JSON types kept. Each key is also a bare global unless a built-in has that name.',
  bareGlobals: true,
  value: (ctx) => ctx.env,
});
