/**
 * Where a load error from the server goes in the editor: line and column (1-based, as
 * the runtime reports them) to a document range — the word at the column, else the whole
 * line; positions beyond the document are clamped (the code may have changed since). Pure.
 */
import type { Text } from '@codemirror/state';

export interface EditorProblem {
  /** 1-based. */
  line: number;
  /** 1-based; 0 or absent = the whole line. */
  column?: number;
  message: string;
}

/** A problem's range in the document (clamped: positions from the server may be stale). */
export function problemRange(doc: Text, p: EditorProblem): { from: number; to: number } {
  const line = doc.line(Math.min(Math.max(1, p.line), doc.lines));
  if (!p.column || p.column < 1) return { from: line.from, to: line.to };
  const from = Math.min(line.to, line.from + p.column - 1);
  const word = /^[\w$]+/.exec(doc.sliceString(from, line.to));
  const to = Math.min(line.to, from + (word ? word[0].length : 1));
  return to > from ? { from, to } : { from: line.from, to: line.to };
}
