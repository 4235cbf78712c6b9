/**
 * Writes scripts/script-api.d.ts and docs/script-api.md from the hook table and the op
 * catalog. Run after changing a hook or a helper: `npx tsx runtime/gen/gen-script-api.ts`.
 * A test fails when the checked-in files are stale.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { builtinCatalog } from '../../helpers/index.ts';
import { renderScriptApiDocs } from './render-docs.ts';
import { renderScriptApiDts } from './render-dts.ts';

export function generatedFiles(): { path: string; content: string }[] {
  const catalog = builtinCatalog();
  return [
    { path: fileURLToPath(new URL('../../scripts/script-api.d.ts', import.meta.url)), content: renderScriptApiDts(catalog) },
    { path: fileURLToPath(new URL('../../docs/script-api.md', import.meta.url)), content: renderScriptApiDocs(catalog) },
  ];
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  for (const f of generatedFiles()) {
    writeFileSync(f.path, f.content);
    process.stdout.write(`wrote ${f.path}\n`);
  }
}
