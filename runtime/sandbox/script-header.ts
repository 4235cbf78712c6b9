/**
 * What the runtime reads from a script's text before running it:
 * - title: the text of the first comment, trimmed; for a block comment its first
 *   non-empty line (leading `*` removed). Directive lines are skipped. No comment → the
 *   fallback (the script id without `.js`).
 * - goStyle: whether the source reads capitalised properties (Go-style names, see
 *   guest/04-go-style.js).
 * - filter: the KFL pre-filter for onItemCaptured, declared in the leading comments with
 *   `// @filter <kfl>` (or an `@filter <kfl>` line in a leading block comment). Several
 *   lines are combined with `and`. Items the filter rejects never reach the script.
 */
export interface ScriptHeader {
  title: string;
  /** KFL query, or null when the script has no @filter line. */
  filter: string | null;
  /**
   * The source reads a capitalised property (`.Name` or `["Name"]`), so it may use Go-style
   * names on items. A false positive only costs time; names built at run time are missed.
   */
  goStyle: boolean;
}

const GO_STYLE_READ = /\.\s*[A-Z]|\[\s*['"][A-Z]/;

const MAX_TITLE = 200;
const DIRECTIVE = /^@(\w+)\s*(.*)$/;

interface Comment {
  text: string;
  block: boolean;
  /** Only comments and whitespace before it. */
  leading: boolean;
}

/** Comments in order, skipping string and template literals. */
function comments(code: string, max: number): Comment[] {
  const out: Comment[] = [];
  let leading = true;
  let i = code.startsWith('#!') ? code.indexOf('\n') + 1 || code.length : 0;
  while (i < code.length && out.length < max) {
    const c = code[i];
    if (c === '/' && code[i + 1] === '/') {
      const end = code.indexOf('\n', i);
      const stop = end < 0 ? code.length : end;
      out.push({ text: code.slice(i + 2, stop), block: false, leading });
      i = stop;
    } else if (c === '/' && code[i + 1] === '*') {
      const end = code.indexOf('*/', i + 2);
      const stop = end < 0 ? code.length : end;
      out.push({ text: code.slice(i + 2, stop), block: true, leading });
      i = stop + 2;
    } else if (c === '"' || c === "'" || c === '`') {
      leading = false;
      i++;
      while (i < code.length && code[i] !== c) i += code[i] === '\\' ? 2 : 1;
      i++;
    } else {
      if (!/\s/.test(c) && c !== '\uFEFF') leading = false;
      i++;
    }
  }
  return out;
}

function lines(c: Comment): string[] {
  return c.text.split(/\r?\n/).map((l) => (c.block ? l.replace(/^\s*\*+/, '') : l).trim());
}

export function parseScriptHeader(code: string, fallbackTitle: string): ScriptHeader {
  let title = '';
  const filters: string[] = [];
  for (const c of comments(code, 200)) {
    for (const line of lines(c)) {
      const d = DIRECTIVE.exec(line);
      if (d && c.leading) {
        if (d[1] === 'filter' && d[2].trim()) filters.push(d[2].trim());
        continue;
      }
      if (!title && line && !d) title = line;
    }
    if (title && !c.leading) break;
  }
  if (title.length > MAX_TITLE) title = title.slice(0, MAX_TITLE - 1) + '…';
  return {
    goStyle: GO_STYLE_READ.test(code),
    title: title || fallbackTitle,
    filter: filters.length === 0 ? null : filters.length === 1 ? filters[0] : filters.map((f) => `(${f})`).join(' and '),
  };
}
