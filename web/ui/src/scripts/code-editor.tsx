/**
 * CodeMirror 6 as a Preact component. A new `docKey` (another script) replaces the
 * document and its undo history; `problems` become lint diagnostics (gutter marker,
 * underline, message on hover) and the first one is scrolled into view.
 */
import { setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { useEffect, useRef } from 'preact/hooks';
import { editorExtensions, editorTheme, themeCompartment } from './editor-extensions.ts';
import { problemRange, type EditorProblem } from './problem-range.ts';

export type { EditorProblem } from './problem-range.ts';


export interface CodeEditorProps {
  docKey: string;
  value: string;
  dark: boolean;
  problems: EditorProblem[];
  onChange: (code: string) => void;
  onSave: () => void;
}

export function CodeEditor({ docKey, value, dark, problems, onChange, onSave }: CodeEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const callbacks = useRef({ onChange, onSave });
  callbacks.current = { onChange, onSave };

  const makeState = (doc: string) =>
    EditorState.create({
      doc,
      extensions: editorExtensions({ dark, onSave: () => callbacks.current.onSave(), onChange: (d) => callbacks.current.onChange(d) }),
    });

  useEffect(() => {
    const v = new EditorView({ state: makeState(value), parent: host.current! });
    view.current = v;
    return () => v.destroy();
  }, []);

  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) v.setState(makeState(value));
  }, [docKey]);

  useEffect(() => {
    view.current?.dispatch({ effects: themeCompartment.reconfigure(editorTheme(dark)) });
  }, [dark]);

  useEffect(() => {
    const v = view.current;
    if (!v) return;
    const diagnostics: Diagnostic[] = problems.map((p) => ({ ...problemRange(v.state.doc, p), severity: 'error', message: p.message, source: 'load' }));
    v.dispatch(setDiagnostics(v.state, diagnostics));
    if (diagnostics.length) v.dispatch({ effects: EditorView.scrollIntoView(diagnostics[0].from, { y: 'center' }) });
  }, [problems]);

  return <div ref={host} class="code-editor" data-testid="code-editor" data-problems={problems.length} />;
}
