/**
 * hub.* (SCRIPT-API.md §3). Actions are delivered to every script's onHubAction after the
 * calling hook returns (on a single machine the hub is local). An onHubAction that calls
 * hub.action again nests one level deeper; more than MAX_DEPTH levels is refused, so two
 * scripts cannot ping-pong forever.
 */
import { any, args, str } from './args.ts';
import { defineOp } from './define-op.ts';

export const MAX_HUB_ACTION_DEPTH = 8;

export const hubOps = [
  defineOp({
    name: 'hub.action',
    kind: 'sync',
    args: args([str('action', { nonEmpty: true, maxLength: 200 }), any('object')]),
    signature: '(action: string, object: any): void',
    doc: 'Sends `object` (any JSON value) to the hub, where every script\'s `onHubAction(action, object)` receives it after the current call returns. Use a unique action name per script.',
    run(ctx, action, object) {
      const depth = ctx.call.kind === 'onHubAction' ? ctx.call.depth + 1 : 1;
      if (depth > MAX_HUB_ACTION_DEPTH) {
        throw new Error(`hub.action: actions nested ${MAX_HUB_ACTION_DEPTH} levels deep (onHubAction calling hub.action in a loop?)`);
      }
      ctx.hub.action(action, object, depth);
    },
  }),
  defineOp({
    name: 'hub.targeted',
    kind: 'sync',
    args: args([]),
    signature: '(): string',
    doc: 'JSON string `{"targets": [Pod…], "excluded": [Pod…]}`: the pods capture rules select and exclude (`JSON.parse` it).',
    run: (ctx) => ctx.hub.targeted(),
  }),
];
