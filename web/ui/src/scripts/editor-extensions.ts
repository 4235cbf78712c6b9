/**
 * The script editor's CodeMirror 6 setup: line numbers, JavaScript highlighting, bracket
 * matching and closing, indentation, undo history and search (@codemirror/commands,
 * @codemirror/search), completions of the script
 * API (derived at build time from scripts/script-api.d.ts), a lint gutter for load errors,
 * and light/dark themes switchable at run time.
 */
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap, type Completion, type CompletionContext, type CompletionResult } from '@codemirror/autocomplete';
import { javascript, localCompletionSource } from '@codemirror/lang-javascript';
import { defaultKeymap, history, historyKeymap, indentWithTab } from '@codemirror/commands';
import { bracketMatching, defaultHighlightStyle, foldGutter, indentOnInput, indentUnit, syntaxHighlighting } from '@codemirror/language';
import { highlightSelectionMatches, searchKeymap } from '@codemirror/search';
import { lintGutter } from '@codemirror/lint';
import { Compartment, EditorState, type Extension } from '@codemirror/state';
import { oneDark } from '@codemirror/theme-one-dark';
import {
  crosshairCursor,
  drawSelection,
  dropCursor,
  EditorView,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
  rectangularSelection,
} from '@codemirror/view';

interface ApiCompletion {
  label: string;
  type: 'hook' | 'function' | 'namespace' | 'variable';
  detail: string;
  info: string;
}

declare const __SCRIPT_API__: ApiCompletion[] | undefined;

const API: ApiCompletion[] = typeof __SCRIPT_API__ !== 'undefined' ? __SCRIPT_API__ : [];

const TYPES: Record<ApiCompletion['type'], string> = { hook: 'function', function: 'method', namespace: 'namespace', variable: 'variable' };

/** Completes `vendor.we` → `vendor.webhook`, hooks at the start of a declaration, globals. */
export function scriptApiCompletions(ctx: CompletionContext): CompletionResult | null {
  const word = ctx.matchBefore(/[\w$.]+/);
  if (!word || (word.from === word.to && !ctx.explicit)) return null;
  const text = word.text;
  const dot = text.lastIndexOf('.');
  const prefix = dot >= 0 ? text.slice(0, dot + 1) : '';
  const options: Completion[] = API.filter((c) => c.label.startsWith(prefix) && !c.label.slice(prefix.length).includes('.')).map((c) => ({
    label: c.label.slice(prefix.length),
    type: TYPES[c.type],
    detail: c.detail,
    info: c.info,
    apply: c.type === 'hook' ? `${c.label}${c.detail.replace(/: [^,)]+/g, '')} {\n  \n}` : undefined,
  }));
  return options.length ? { from: word.from + prefix.length, options, validFor: /^[\w$]*$/ } : null;
}

export const themeCompartment = new Compartment();

export function editorTheme(dark: boolean): Extension {
  return dark ? oneDark : [syntaxHighlighting(defaultHighlightStyle, { fallback: true }), EditorView.theme({}, { dark: false })];
}

export function editorExtensions(o: { dark: boolean; onSave: () => void; onChange: (doc: string) => void }): Extension {
  return [
    lineNumbers(),
    highlightActiveLineGutter(),
    foldGutter(),
    highlightSpecialChars(),
    drawSelection(),
    dropCursor(),
    EditorState.allowMultipleSelections.of(true),
    indentOnInput(),
    indentUnit.of('  '),
    bracketMatching(),
    closeBrackets(),
    rectangularSelection(),
    crosshairCursor(),
    highlightActiveLine(),
    javascript(),
    autocompletion({ override: [scriptApiCompletions, localCompletionSource] }),
    lintGutter(),
    history(),
    highlightSelectionMatches(),
    themeCompartment.of(editorTheme(o.dark)),
    keymap.of([
      { key: 'Mod-s', run: () => (o.onSave(), true), preventDefault: true },
      ...closeBracketsKeymap,
      ...completionKeymap,
      ...defaultKeymap,
      ...searchKeymap,
      ...historyKeymap,
      indentWithTab,
    ]),
    EditorView.updateListener.of((u) => {
      if (u.docChanged) o.onChange(u.state.doc.toString());
    }),
    EditorView.contentAttributes.of({ 'aria-label': 'Script code' }),
  ];
}
