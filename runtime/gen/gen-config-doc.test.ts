import test from 'ava';
import { readFileSync } from 'node:fs';
import { parseConfig } from '../config.ts';
import { envName } from '../config/env-overrides.ts';
import { schema, type Section } from '../config/schema.ts';
import { CONFIG_DOC_PATH, configDoc, EXAMPLE } from './gen-config-doc.ts';

test('docs/config.md is up to date (run: npx tsx runtime/gen/gen-config-doc.ts)', (t) => {
  t.is(readFileSync(CONFIG_DOC_PATH, 'utf8'), configDoc());
});

test('every key of the schema has a row with its environment variable', (t) => {
  const doc = configDoc();
  const walk = (sec: Section, path: string[]) => {
    for (const [k, f] of Object.entries(sec.fields)) {
      const p = [...path, k];
      if (f.kind === 'section') walk(f, p);
      else {
        t.true(doc.includes(`| \`${p.join('.')}\` |`), p.join('.'));
        if (f.kind !== 'section-map' && f.kind !== 'json-map') t.true(doc.includes(`\`${envName(p)}\``), envName(p));
      }
    }
  };
  walk(schema, []);
  t.true(doc.includes('`recording.schedules.<name>.cron`'));
});

test('the example at the top of the page is a valid configuration', (t) => {
  const c = parseConfig(EXAMPLE, 'docs/config.md');
  t.deepEqual(c.capture.interfaces, ['eth0']);
  t.is(c.scripting.overrides['heavy-report'].timeoutMs, 2000);
  t.is(c.recording.schedules.errors.destination, 's3');
  t.is(c.scripting.env.SLACK_CHANNEL_ID, 'C0123');
});
