import test from 'ava';
import { args, int, str } from './args.ts';
import { OpCatalog, OpCatalogError } from './catalog.ts';
import { defineGuestOp, defineOp } from './define-op.ts';
import { builtinCatalog, builtinOps } from './index.ts';
import { harness } from '../runtime/testing/harness.ts';

const op = (name: string) => defineOp({ name, kind: 'sync', args: args([]), signature: '(): void', doc: 'x', run: () => undefined });

test('duplicate helper names are rejected with ERR_OP_DUPLICATE', (t) => {
  const e = t.throws(() => OpCatalog.create([op('a.b'), op('a.b')]), { instanceOf: OpCatalogError });
  t.is(e.code, 'ERR_OP_DUPLICATE');
  t.regex(e.message, /"a\.b" is defined twice/);
});

test('a name that is both a helper and a namespace, or a hook name, is rejected (ERR_OP_CONFLICT)', (t) => {
  t.is((t.throws(() => OpCatalog.create([op('jobs'), op('jobs.run')])) as OpCatalogError).code, 'ERR_OP_CONFLICT');
  t.is((t.throws(() => OpCatalog.create([op('onItemCaptured.x')])) as OpCatalogError).code, 'ERR_OP_CONFLICT');
});

test('invalid definitions are rejected with ERR_OP_INVALID', (t) => {
  t.is((t.throws(() => OpCatalog.create([op('bad name')])) as OpCatalogError).code, 'ERR_OP_INVALID');
  t.is((t.throws(() => OpCatalog.create([{ ...op('x'), doc: '' }])) as OpCatalogError).code, 'ERR_OP_INVALID');
  t.is((t.throws(() => OpCatalog.create([defineGuestOp({ name: 'g', signature: '(): void', doc: 'd', source: '42' })])) as OpCatalogError).code, 'ERR_OP_INVALID');
});

test('the built-in catalog validates and exposes the SCRIPT-API §3 helpers of this issue', (t) => {
  const names = builtinCatalog().definitions.map((d) => d.name);
  for (const n of ['console.log', 'console.error', 'console.clear', 'env', 'test.pass', 'test.fail', 'jobs.schedule', 'jobs.remove', 'jobs.removeAll', 'jobs.list', 'jobs.run', 'jobs.runAll', 'jobs.scheduler.isRunning', 'jobs.scheduler.start', 'jobs.scheduler.stop', 'setTimeout', 'clearTimeout', 'kfl.match', 'kfl.validate', 'hub.action', 'utils.nodeName', 'utils.json2Yaml', 'wrapper.joinMaps', 'wrapper.buildHAR']) {
    t.true(names.includes(n), n);
  }
  t.is(new Set(names).size, builtinOps.length);
  t.deepEqual(builtinCatalog().guestManifest().find((m) => m.name === 'jobs.schedule'), { name: 'jobs.schedule', kind: 'sync', fns: true });
});

test('adding a helper is one definition: sync and async (applySyncPromise) ops appear in the guest', async (t) => {
  const seen: string[] = [];
  const catalog = OpCatalog.create([
    ...builtinOps,
    defineOp({
      name: 'acme.add',
      kind: 'sync',
      args: args([int('a'), int('b')]),
      signature: '(a: number, b: number): number',
      doc: 'adds',
      run: (ctx, a, b) => {
        seen.push(ctx.script.id);
        return a + b;
      },
    }),
    defineOp({
      name: 'acme.fetch',
      kind: 'async',
      args: args([str('key')]),
      signature: '(key: string): string',
      doc: 'async',
      run: (_ctx, key) => new Promise<string>((resolve, reject) => setTimeout(() => (key === 'bad' ? reject(new Error('acme.fetch: no such key')) : resolve(`value-of-${key}`)), 20)),
    }),
  ]);
  const h = await harness(
    { 'x.js': `console.log(acme.add(2, 3), acme.fetch('k')); try { acme.fetch('bad'); } catch (e) { console.log(String(e)); } try { acme.add('2'); } catch (e) { console.log(e.message); }` },
    { runtime: { catalog } },
  );
  t.deepEqual(h.lines('x.js'), ['5 value-of-k', 'Error: acme.fetch: no such key', 'acme.add: expects 2 arguments (a, b), got 1']);
  t.deepEqual(seen, ['x.js']);
  h.stop();
});
