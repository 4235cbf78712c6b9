/**
 * Editor completions derived from scripts/script-api.d.ts (itself generated from the hook
 * table and the op catalog), so the editor's suggestions follow the API without a second
 * list: hooks (`onItemCaptured` …), namespaced helpers (`vendor.webhook`, `jobs.scheduler.start`
 * …) and globals (`env`, `setTimeout` …). build.ts injects the result as `__SCRIPT_API__`.
 */
import { readFile } from 'node:fs/promises';

export interface ApiCompletion {
  /** Full name as typed, e.g. `vendor.slack`, `onItemCaptured`. */
  label: string;
  type: 'hook' | 'function' | 'namespace' | 'variable';
  /** Parameter list, e.g. `(tag: string, cron: string, …)`. */
  detail: string;
  /** First sentence of the doc comment. */
  info: string;
}

function firstSentence(doc: string): string {
  const text = doc
    .split('\n')
    .map((l) => l.replace(/^\s*\/?\*+\/?\s?/, '').trim())
    .filter((l) => l && !l.startsWith('@'))
    .join(' ');
  const m = /^(.*?[.!?])(\s|$)/.exec(text);
  return (m ? m[1] : text).slice(0, 240);
}

/** Parse the declaration file's text (see the file comment). */
export function completionsFromDts(dts: string): ApiCompletion[] {
  const out: ApiCompletion[] = [];
  const path: string[] = [];
  let inHooks = false;
  let doc = '';
  let depth = 0;
  const lines = dts.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const t = line.trim();
    if (t.startsWith('/**')) {
      const start = i;
      while (i < lines.length && !lines[i].includes('*/')) i++;
      doc = lines.slice(start, i + 1).join('\n');
      continue;
    }
    let m: RegExpExecArray | null;
    if (/^interface WirehookHooks\s*\{/.test(t)) {
      inHooks = true;
      depth++;
    } else if ((m = /^(?:declare )?namespace ([A-Za-z_$][\w$]*)\s*\{/.exec(t))) {
      path.push(m[1]);
      depth++;
      out.push({ label: path.join('.'), type: 'namespace', detail: '', info: firstSentence(doc) });
    } else if (inHooks && (m = /^(on[A-Z]\w*)\((.*)\)\s*:/.exec(t))) {
      out.push({ label: m[1], type: 'hook', detail: `(${m[2]})`, info: firstSentence(doc) });
    } else if ((m = /^(?:declare )?function ([A-Za-z_$][\w$]*)(?:<[^(]*>)?\((.*)\)\s*:/.exec(t))) {
      out.push({ label: [...path, m[1]].join('.'), type: 'function', detail: `(${m[2]})`, info: firstSentence(doc) });
    } else if ((m = /^declare (?:var|const|let) ([A-Za-z_$][\w$]*)\s*:/.exec(t))) {
      out.push({ label: m[1], type: 'variable', detail: '', info: firstSentence(doc) });
    } else if (t.startsWith('}')) {
      if (depth > 0) depth--;
      if (inHooks && path.length === 0) inHooks = false;
      else path.pop();
    } else if (t.endsWith('{')) {
      depth++;
      path.push('\u0000');
    }
    if (!t.startsWith('*')) doc = '';
  }
  return out.filter((c) => !c.label.includes('\u0000'));
}

export async function loadScriptApiCompletions(file: string): Promise<ApiCompletion[]> {
  try {
    return completionsFromDts(await readFile(file, 'utf8'));
  } catch {
    return [];
  }
}
