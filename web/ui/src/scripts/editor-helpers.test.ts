import test from 'ava';
import { Text } from '@codemirror/state';
import { mergeConsole } from './console-merge.ts';
import { problemRange } from './problem-range.ts';

test('problemRange marks the word at line:column, or the whole line, clamped to the document', (t) => {
  const doc = Text.of(['function f() {', '  console.log("x" +);', '}']);
  const l2 = doc.line(2);
  t.deepEqual(problemRange(doc, { line: 2, column: 3, message: '' }), { from: l2.from + 2, to: l2.from + 9 });
  t.deepEqual(problemRange(doc, { line: 2, column: 20, message: '' }), { from: l2.from + 19, to: l2.from + 20 });
  t.deepEqual(problemRange(doc, { line: 2, message: '' }), { from: l2.from, to: l2.to });
  const last = doc.line(3);
  t.deepEqual(problemRange(doc, { line: 99, column: 1, message: '' }), { from: last.from, to: last.from + 1 });
  t.deepEqual(problemRange(doc, { line: 3, column: 50, message: '' }), { from: last.from, to: last.to }, 'a column past the end marks the line');
});

test('mergeConsole drops live lines the history already holds', (t) => {
  const h = [
    { ts: 1, level: 'log' as const, text: 'a' },
    { ts: 2, level: 'log' as const, text: 'b' },
  ];
  const live = [
    { ts: 2, level: 'log' as const, text: 'b' },
    { ts: 2, level: 'error' as const, text: 'c' },
    { ts: 1, level: 'log' as const, text: 'old' },
    { ts: 3, level: 'log' as const, text: 'd' },
  ];
  t.deepEqual(
    mergeConsole(h, live).map((l) => l.text),
    ['a', 'b', 'c', 'd'],
  );
  t.deepEqual(mergeConsole([], live).length, 4);
});
