/**
 * The examples gallery as a whole: every example is ES5 (it runs on Kubeshark too), has a
 * title and a header saying what it shows and how to run it, and has a golden output that
 * a test compares; every golden belongs to an example; the dashboard's examples dropdown
 * offers them all; the scripts the demo seeds exist.
 */
import test from 'ava';
import { parse } from 'acorn';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { DEMO_SCRIPTS } from '../capture/synth/demo/demo-feature.ts';
import { readExamples } from '../web/server/routes/examples.ts';
import { DEMO_GENERATE, EXAMPLES, GOLDEN } from './testing/example-runs.ts';

const names = async () => (await readdir(EXAMPLES)).filter((f) => f.endsWith('.js')).map((f) => f.replace(/\.js$/, '')).sort();

test('twelve examples, each ES5 with a header that says how to run it and a golden output', async (t) => {
  const list = await names();
  t.is(list.length, 12, list.join(', '));
  const goldens = await readdir(GOLDEN);
  for (const name of list) {
    const code = await readFile(path.join(EXAMPLES, `${name}.js`), 'utf8');
    t.notThrows(() => parse(code, { ecmaVersion: 5, sourceType: 'script' }), `${name}.js parses as ES5`);
    t.regex(code, /^\/\/ \S.+\n/, `${name}.js starts with its title`);
    t.true(code.includes(`wirehook run examples/${name}.js --pcap demo.pcap --identity demo.yaml`), `${name}.js says how to run it`);
    t.true(code.includes(`wirehook generate --out demo.pcap --identity demo.yaml ${DEMO_GENERATE.join(' ')}`), `${name}.js says how to make the capture`);
    t.true(code.includes(`Expected output: examples/golden/${name}.txt`), `${name}.js names its golden file`);
    t.true(goldens.includes(`${name}.txt`), `golden/${name}.txt exists`);
  }
  for (const g of goldens) t.true(list.includes(g.split('.')[0]), `golden ${g} belongs to an example`);
});

test('the dashboard offers every example with its title and description', async (t) => {
  const offered = await readExamples(EXAMPLES);
  t.deepEqual(offered.map((e) => e.id.replace(/\.js$/, '')), await names());
  for (const e of offered) {
    t.true(e.title.length > 10 && !e.title.includes('*'), e.title);
    t.true(e.description.split('\n').length >= 3, `${e.id} has a description`);
  }
});

test('the demo seeds examples that exist', async (t) => {
  const list = await names();
  for (const s of DEMO_SCRIPTS) t.true(list.includes(s.replace(/\.js$/, '')), s);
});
