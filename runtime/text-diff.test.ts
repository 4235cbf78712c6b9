import test from 'ava';
import { unifiedDiff } from './text-diff.ts';

const names = { expected: 'golden.txt', actual: 'output' };

test('equal texts give no diff', (t) => {
  t.is(unifiedDiff('a\nb\n', 'a\nb\n', names), '');
});

test('a changed line in the middle, with 3 lines of context', (t) => {
  const a = ['1', '2', '3', '4', '5', '6', '7', '8', '9'].join('\n');
  const b = ['1', '2', '3', '4', 'FIVE', '6', '7', '8', '9'].join('\n');
  t.is(unifiedDiff(a, b, names), ['--- golden.txt', '+++ output', '@@ -2,7 +2,7 @@', ' 2', ' 3', ' 4', '-5', '+FIVE', ' 6', ' 7', ' 8', ''].join('\n'));
});

test('insertions, deletions and separate hunks', (t) => {
  const a = Array.from({ length: 20 }, (_, i) => `l${i}`);
  const b = [...a];
  b.splice(2, 1);
  b.splice(15, 0, 'new');
  const d = unifiedDiff(a.join('\n'), b.join('\n'), names);
  t.is(d.split('\n').filter((l) => l.startsWith('@@')).length, 2);
  t.true(d.includes('\n-l2\n'));
  t.true(d.includes('\n+new\n'));
});

test('everything different and empty sides', (t) => {
  t.is(unifiedDiff('', 'x', names), '--- golden.txt\n+++ output\n@@ -1,1 +1,1 @@\n-\n+x\n');
  t.is(unifiedDiff('a\nb', 'c', names), '--- golden.txt\n+++ output\n@@ -1,2 +1,1 @@\n-a\n-b\n+c\n');
});
