import test from 'ava';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildUi, UI_ROOT } from './build.ts';

test('buildUi writes index.html, the bundle, its CSS and the ELK worker', async (t) => {
  const out = mkdtempSync(path.join(os.tmpdir(), 'wirehook-ui-build-'));
  try {
    const r = await buildUi({ outDir: out });
    t.deepEqual([...r.files].sort(), ['assets/app.css', 'assets/app.js', 'assets/elk-worker.min.js', 'index.html']);
    const html = readFileSync(path.join(out, 'index.html'), 'utf8');
    const m = /assets\/app\.js\?v=([0-9a-f]{12})/.exec(html);
    t.truthy(m, 'asset URLs carry a content hash');
    t.true(html.includes(`assets/app.css?v=${m![1]}`));
    t.regex(html, /Content-Security-Policy/);
    const js = readFileSync(path.join(out, 'assets/app.js'), 'utf8');
    t.true(js.includes('elk-worker.min.js'), 'the bundle starts ELK in its Web Worker');
    t.true(js.includes('onItemCaptured'), 'script-API completions are compiled in');
    t.true(statSync(path.join(out, 'assets/elk-worker.min.js')).size > 500_000);
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(path.join(dir, e.name)) : /\.tsx?$/.test(e.name) && !e.name.endsWith('.test.ts') ? [path.join(dir, e.name)] : []));
}

test('no UI source builds markup from strings (item data is only ever text nodes)', (t) => {
  const files = sources(path.join(UI_ROOT, 'src'));
  t.true(files.length > 20);
  const banned = /dangerouslySetInnerHTML|\.innerHTML\b|\.outerHTML\b|insertAdjacentHTML|document\.write|new Function\b|\beval\(/;
  for (const f of files) t.false(banned.test(readFileSync(f, 'utf8')), path.relative(UI_ROOT, f));
});
