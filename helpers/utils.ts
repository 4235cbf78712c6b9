/**
 * utils.* (SCRIPT-API.md §3).
 */
import { stringify } from 'yaml';
import { args, str } from './args.ts';
import { defineOp } from './define-op.ts';

export const utilsOps = [
  defineOp({
    name: 'utils.nodeName',
    kind: 'sync',
    args: args([]),
    signature: '(): string',
    doc: 'The name of the node the script runs on, or `"hub"` on the hub. Use it to run code only on workers or only on the hub.',
    run: (ctx) => (ctx.node.role === 'hub' ? 'hub' : ctx.node.name),
  }),
  defineOp({
    name: 'utils.json2Yaml',
    kind: 'sync',
    args: args([str('jsonString')]),
    signature: '(jsonString: string): string',
    doc: 'Converts a JSON string (e.g. `JSON.stringify(obj)`) to YAML text.',
    run(_ctx, json) {
      let value: unknown;
      try {
        value = JSON.parse(json);
      } catch (e) {
        throw new Error(`utils.json2Yaml: argument 1 (jsonString) is not valid JSON: ${(e as Error).message}`);
      }
      return stringify(value);
    },
  }),
];
