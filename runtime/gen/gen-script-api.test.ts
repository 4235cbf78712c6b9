import test from 'ava';
import { readFileSync } from 'node:fs';
import ts from 'typescript';
import { generatedFiles } from './gen-script-api.ts';
import { hookNames } from '../hooks.ts';
import { builtinCatalog } from '../../helpers/index.ts';

test('scripts/script-api.d.ts and docs/script-api.md are up to date (run: npx tsx runtime/gen/gen-script-api.ts)', (t) => {
  for (const f of generatedFiles()) t.is(readFileSync(f.path, 'utf8'), f.content, `${f.path} is stale`);
});

test('every hook and helper appears in both files', (t) => {
  const [dts, docs] = generatedFiles().map((f) => f.content);
  for (const h of hookNames) {
    t.true(dts.includes(`  ${h}(`), h);
    t.true(docs.includes(`### ${h}(`), h);
  }
  for (const d of builtinCatalog().definitions) {
    const leaf = d.name.split('.').at(-1)!;
    t.true(dts.includes(`function ${leaf}`) || dts.includes(`var ${leaf}`) || dts.includes(`  ${leaf}(`), d.name);
    t.true(docs.includes(`#### \`${d.name}`), d.name);
  }
});

test('the d.ts type-checks a Kubeshark-style script (checkJs)', (t) => {
  const dtsPath = generatedFiles()[0].path;
  const script = `/// <reference path="${dtsPath}" />
// @ts-check
var counts = {};
/** @param {Item} data */
function onItemCaptured(data) {
  var status = data.response ? data.response.status : 0;
  counts[status] = (counts[status] || 0) + 1;
  if (kfl.match("http and response.status == 500", data)) hub.action("errors", { path: data.request && data.request.path });
}
jobs.schedule("report", "*/10 * * * * *", function () { console.log(utils.json2Yaml(JSON.stringify(counts)), env.LIMIT); }, 0);
jobs.scheduler.stop();
var id = setTimeout(function (x) { console.log(x); }, 100, "arg"); clearTimeout(id);
var merged = wrapper.joinMaps({ a: 1 }, { a: 2 });
var har = JSON.parse(wrapper.buildHAR([]));
file.delete(file.write("tmp/x.txt", "x"));
`;
  const host = ts.createCompilerHost({});
  const read = host.readFile.bind(host);
  host.readFile = (f) => (f === '/virtual/script.js' ? script : read(f));
  host.fileExists = ((exists) => (f: string) => f === '/virtual/script.js' || exists(f))(host.fileExists.bind(host));
  const program = ts.createProgram(['/virtual/script.js'], { allowJs: true, checkJs: true, noEmit: true, lib: ['lib.es5.d.ts'], types: [], strict: false }, host);
  const diags = ts.getPreEmitDiagnostics(program).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
  t.deepEqual(diags, []);
});
