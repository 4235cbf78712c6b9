/**
 * docs/kfl.md stays true: its generated tables match `kflReference` (regenerate with
 * `npx tsx capture/kfl/gen-docs.ts`), and the queries in its prose compile and select
 * something from the fixtures.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { DOC_PATH, renderReference, updateDoc } from './gen-docs.ts';
import { validateKfl } from './index.ts';
import { matching } from './testing/match.ts';

const doc = readFileSync(DOC_PATH, 'utf8');

test('docs/kfl.md is up to date with kflReference (run: npx tsx capture/kfl/gen-docs.ts)', (t) => {
  t.is(updateDoc(doc), doc);
  t.true(doc.includes(renderReference()));
});

test('every query of the Examples table compiles and selects fixture items', (t) => {
  const section = doc.slice(doc.indexOf('## Examples'), doc.indexOf('## How values compare'));
  const queries = [...section.matchAll(/^\| `(.+?)` \|/gm)].map((m) => m[1]);
  t.true(queries.length >= 12);
  for (const q of queries) {
    t.is(validateKfl(q), null, q);
    t.true(matching(q).length > 0, q);
  }
});

test('the queries of the opening example block compile', (t) => {
  const block = /```text\n([\s\S]*?)```/.exec(doc)?.[1] ?? '';
  const queries = block.trim().split('\n');
  t.is(queries.length, 4);
  for (const q of queries) t.is(validateKfl(q), null, q);
});

test('updateDoc refuses a page without markers', (t) => {
  t.throws(() => updateDoc('# no markers'), { message: /generated-region markers/ });
});
