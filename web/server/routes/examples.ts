/**
 * Example scripts for the editor's dropdown (docs/api.md), read from `examples/*.js` at the
 * repository root on each request (the folder may be empty or missing: `[]`).
 *
 *   GET /api/examples → [{ id, title, description, code }]
 *
 * Title = the first comment's text (as for any script, script-header.ts); description =
 * the rest of the leading header comment (directive lines such as `@filter` left out).
 */
import type Router from '@koa/router';
import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parseScriptHeader } from '../../../runtime/sandbox/script-header.ts';

export interface Example {
  id: string;
  title: string;
  description: string;
  code: string;
}

export const EXAMPLES_DIR = fileURLToPath(new URL('../../../examples/', import.meta.url));

function blockLines(s: string): string[] {
  const end = s.indexOf('*/');
  return s.slice(2, end < 0 ? s.length : end).split(/\r?\n/).map((l) => l.replace(/^\s*\*+ ?/, '').trimEnd());
}

/**
 * Text lines of the leading comment: one block comment, or consecutive `//` lines — with,
 * in the Kubeshark style (`// Title`, a blank line, then a block comment), that block too.
 */
function headerLines(code: string): string[] {
  const s = code.replace(/^\uFEFF/, '').replace(/^#!.*\n/, '').trimStart();
  if (s.startsWith('/*')) return blockLines(s);
  const out: string[] = [];
  const lines = s.split(/\r?\n/);
  let i = 0;
  for (; i < lines.length && lines[i].trim().startsWith('//'); i++) out.push(lines[i].trim().slice(2).replace(/^ /, '').trimEnd());
  while (i < lines.length && lines[i].trim() === '') i++;
  if (out.length && i < lines.length && lines[i].trim().startsWith('/*')) out.push('', ...blockLines(lines.slice(i).join('\n').trimStart()));
  return out;
}

export function exampleOf(file: string, code: string): Example {
  const title = parseScriptHeader(code, file.replace(/\.js$/, '')).title;
  const lines = headerLines(code).filter((l) => !/^\s*@\w+/.test(l));
  const at = lines.findIndex((l) => l.trim() !== '');
  const rest = at >= 0 && lines[at].trim() === title ? lines.slice(at + 1) : lines;
  return { id: file, title, description: rest.join('\n').trim(), code };
}

export async function readExamples(dir = EXAMPLES_DIR): Promise<Example[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const out: Example[] = [];
  for (const name of names.filter((n) => n.endsWith('.js') && !n.startsWith('.')).sort()) {
    try {
      out.push(exampleOf(name, await readFile(path.join(dir, name), 'utf8')));
    } catch {
      // A file that vanished or is not readable is not offered.
    }
  }
  return out;
}

export function mountExamples(router: Router, dir = EXAMPLES_DIR): void {
  router.get('/api/examples', async (ctx) => {
    ctx.body = await readExamples(dir);
  });
}
