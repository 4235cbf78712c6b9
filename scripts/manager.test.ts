import test from 'ava';
import { VirtualClock } from '../runtime/clock.ts';
import { defaultConfig } from '../runtime/config.ts';
import { ScriptRuntime } from '../runtime/script-runtime.ts';
import { httpItem } from '../runtime/testing/items.ts';
import { ScriptManager } from './manager.ts';
import { MemoryStore } from './memory-store.ts';
import { ScriptStoreError } from './store.ts';

async function setup(scripts: Record<string, string>, active?: string[] | null, limits = {}) {
  const config = defaultConfig();
  Object.assign(config.scripting.limits, limits);
  const clock = new VirtualClock(1_700_000_000_000);
  const rt = new ScriptRuntime({ config, mode: 'offline', clock });
  const store = new MemoryStore(scripts);
  const manager = new ScriptManager({ runtime: rt, stores: [store], active });
  await manager.start();
  const settle = async () => {
    await manager.idle();
    await rt.dispatcher.idle();
  };
  const tick = async (ms: number) => {
    const target = clock.now() + ms;
    while ((clock.nextAt() ?? Infinity) <= target) {
      clock.advanceTo(clock.nextAt()!);
      await rt.dispatcher.idle();
    }
    clock.advanceTo(target);
  };
  return { rt, store, manager, settle, tick, lines: (id: string) => rt.console(id).texts() };
}

test('activation by title or id (scripting.active); unset = all', async (t) => {
  const s = await setup({ 'a.js': '// Alpha\nvar a;', 'b.js': '// Beta\nvar b;', 'c.js': '// Gamma\nvar c;' }, ['Beta', 'c.js']);
  t.deepEqual(s.manager.list().map((x) => [x.id, x.title, x.active, x.state]), [
    ['a.js', 'Alpha', false, 'inactive'],
    ['b.js', 'Beta', true, 'running'],
    ['c.js', 'Gamma', true, 'running'],
  ]);
  t.deepEqual(s.manager.script('Beta'), { id: 'b.js', title: 'Beta', code: '// Beta\nvar b;', active: true });
  await s.manager.activate('Alpha');
  await s.manager.deactivate('c.js');
  t.deepEqual(s.manager.list().map((x) => x.state), ['running', 'running', 'inactive']);
  t.is(t.throws(() => s.manager.get('nope'), { instanceOf: ScriptStoreError }).code, 'ERR_SCRIPT_NOT_FOUND');
  const all = await setup({ 'a.js': 'var a;', 'b.js': 'var b;' }, null);
  t.true(all.manager.list().every((x) => x.active && x.state === 'running'));
  await s.manager.stop();
  await all.manager.stop();
});

test('hot reload swaps in the new version when it loads; the old version\'s jobs and timers go', async (t) => {
  const s = await setup({ 'r.js': `// Report\njobs.schedule("v1", "@every 1s", function () { console.log("v1 job"); }); setTimeout(function () { console.log("v1 timer"); }, 1500); function onItemCaptured() { console.log("v1 item"); }` });
  await s.tick(1000);
  await s.store.put('r.js', `// Report v2\njobs.schedule("v2", "@every 1s", function () { console.log("v2 job"); }); function onItemCaptured() { console.log("v2 item"); }`);
  await s.settle();
  s.rt.dispatcher.pushItem(httpItem());
  await s.rt.dispatcher.idle();
  await s.tick(3000);
  t.deepEqual(s.lines('r.js'), ['v1 job', 'v2 item', 'v2 job', 'v2 job', 'v2 job']);
  const st = s.manager.get('r.js');
  t.is(st.title, 'Report v2');
  t.deepEqual(s.manager.sandbox('r.js')!.jobs.list(), ['v2']);
  await s.manager.stop();
});

test('a reload that does not load keeps the old version running and reports the error', async (t) => {
  const s = await setup({ 'k.js': `function onItemCaptured() { console.log("old"); }` });
  await s.store.put('k.js', `function onItemCaptured( { broken`);
  await s.settle();
  s.rt.dispatcher.pushItem(httpItem());
  await s.rt.dispatcher.idle();
  const st = s.manager.get('k.js');
  t.is(st.state, 'running');
  t.regex(st.loadError!, /^ERR_SCRIPT_COMPILE: \(load\) SyntaxError/);
  t.regex(s.lines('k.js')[0], /^\(load\) SyntaxError/);
  t.is(s.lines('k.js')[1], 'old');
  await s.store.put('k.js', `function onItemCaptured() { console.log("fixed"); }`);
  await s.settle();
  t.is(s.manager.get('k.js').loadError, undefined);
  await s.manager.stop();
});

test('a quarantined script is re-enabled by a reload; stats and reason are listed', async (t) => {
  const s = await setup({ 'q.js': `function onItemCaptured() { throw new Error("always"); }` }, null, { maxConsecutiveFailures: 2 });
  for (let i = 0; i < 3; i++) s.rt.dispatcher.pushItem(httpItem({ i }));
  await s.rt.dispatcher.idle();
  const q = s.manager.get('q.js');
  t.is(q.state, 'quarantined');
  t.regex(q.reason!, /^2 consecutive failed calls/);
  t.is(q.stats!.errors, 2);
  await s.manager.reload('q.js');
  t.is(s.manager.get('q.js').state, 'running');
  t.true(s.rt.dispatcher.wantsItems);
  await s.manager.stop();
});

test('store add and delete: new active scripts load, deleted ones unload', async (t) => {
  const s = await setup({});
  await s.store.put('new.js', `// New one\nfunction onItemCaptured() {}`);
  await s.settle();
  t.deepEqual(s.manager.list().map((x) => [x.id, x.state]), [['new.js', 'running']]);
  await s.store.delete('new.js');
  await s.settle();
  t.deepEqual(s.manager.list(), []);
  t.false(s.rt.dispatcher.wantsItems);
  await s.manager.stop();
});

test('a script failing at load is listed as failed with its reason', async (t) => {
  const s = await setup({ 'f.js': `throw new Error("nope");` });
  const st = s.manager.get('f.js');
  t.is(st.state, 'failed');
  t.is(st.reason, 'ERR_SCRIPT_TOPLEVEL: (load) Error: nope at 1:7');
  await s.manager.stop();
});
