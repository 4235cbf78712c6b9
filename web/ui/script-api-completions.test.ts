import test from 'ava';
import { fileURLToPath } from 'node:url';
import { completionsFromDts, loadScriptApiCompletions } from './script-api-completions.ts';

test('hooks, namespaced helpers (nested too) and globals come out of a declaration file', (t) => {
  const dts = `
type Item = Record<string, any>;
interface WirehookHooks {
  /**
   * Called for every dissected item (worker, batched).
   * @param data the item
   */
  onItemCaptured(data: Item): void;
}
declare namespace jobs {
  /**
   * Runs fn on a schedule. More words.
   */
  function schedule(tag: string, cron: string): void;
  namespace scheduler {
    /** Whether it runs. */
    function isRunning(): boolean;
  }
}
interface Other {
  nested: { a: number };
}
declare var env: Record<string, any>;
declare function setTimeout(fn: () => void, ms?: number): number;
`;
  const c = completionsFromDts(dts);
  t.deepEqual(
    c.map((x) => `${x.type} ${x.label}`),
    ['hook onItemCaptured', 'namespace jobs', 'function jobs.schedule', 'namespace jobs.scheduler', 'function jobs.scheduler.isRunning', 'variable env', 'function setTimeout'],
  );
  t.is(c[0].detail, '(data: Item)');
  t.is(c[0].info, 'Called for every dissected item (worker, batched).');
  t.is(c[2].info, 'Runs fn on a schedule.');
});

test('the project declaration file yields its hooks and helpers', async (t) => {
  const c = await loadScriptApiCompletions(fileURLToPath(new URL('../../scripts/script-api.d.ts', import.meta.url)));
  const labels = new Set(c.map((x) => x.label));
  for (const l of ['onItemCaptured', 'onItemQueried', 'console.log', 'test.fail', 'jobs.schedule', 'jobs.scheduler.start', 'kfl.match', 'env']) t.true(labels.has(l), l);
  t.false([...labels].some((l) => l.includes('undefined') || l.startsWith('.')));
  t.deepEqual(await loadScriptApiCompletions('/nonexistent/script-api.d.ts'), []);
});
