import test from 'ava';
import { any, args, ArgError, arr, bool, fn, int, num, obj, oneOf, optional, str } from './args.ts';

test('typed values come out; functions arrive as handles', (t) => {
  const spec = args([str('tag'), fn('fn'), optional(int('limit', { min: 0 }))], any('rest'));
  t.deepEqual(spec.parse('jobs.schedule', ['a', { $fn: 3 }, 2, 'x', 1]), ['a', { fnId: 3 }, 2, 'x', 1]);
  t.deepEqual(spec.parse('jobs.schedule', ['a', { $fn: 3 }]), ['a', { fnId: 3 }, undefined]);
  t.deepEqual(spec.parse('jobs.schedule', ['a', { $fn: 3 }, null]), ['a', { fnId: 3 }, undefined]);
  t.true(spec.takesFunctions);
  t.deepEqual(spec.names, ['tag', 'fn', 'limit', '...rest']);
});

test('clear messages name the helper, the argument and what was given', (t) => {
  const spec = args([str('tag'), str('cron'), fn('fn'), optional(int('limit', { min: 0 }))]);
  const msg = (raw: unknown[]) => t.throws(() => spec.parse('jobs.schedule', raw), { instanceOf: ArgError })!.message;
  t.is(msg(['a']), 'jobs.schedule: expects at least 3 arguments (tag, cron, fn), got 1');
  t.is(msg(['a', 5, { $fn: 1 }]), 'jobs.schedule: argument 2 (cron) must be a string, got number');
  t.is(msg(['a', '* * * * * *', null]), 'jobs.schedule: argument 3 (fn) must be a function, got null');
  t.is(msg(['a', '* * * * * *', { $fn: 1 }, -1]), 'jobs.schedule: argument 4 (limit) must be at least 0, got -1');
  t.is(msg(['a', '* * * * * *', { $fn: 1 }, 1.5]), 'jobs.schedule: argument 4 (limit) must be an integer, got 1.5');
});

test('each validator', (t) => {
  const one = <T>(a: import('./args.ts').Arg<T>, v: unknown) => a.check(v);
  t.throws(() => one(str('s', { nonEmpty: true }), ' '), { message: 'must not be empty' });
  t.throws(() => one(str('s', { maxLength: 3 }), 'abcd'), { message: 'is longer than 3 characters' });
  t.throws(() => one(num('n'), Infinity), { message: 'must be a finite number, got number' });
  t.throws(() => one(num('n', { max: 2 }), 3), { message: 'must be at most 2, got 3' });
  t.throws(() => one(bool('b'), 'true'), { message: 'must be a boolean, got string' });
  t.throws(() => one(obj('o'), [1]), { message: 'must be an object, got an array' });
  t.throws(() => one(obj('o'), { $fn: 1 }), { message: 'must be an object, got a function' });
  t.throws(() => one(arr('a'), {}), { message: 'must be an array, got an object' });
  t.is(one(any('x'), undefined), null);
  t.throws(() => one(fn('f'), { $fn: -1 }), { message: 'must be a function, got a function' });
  t.is(one(oneOf<string | number>('x', 'a string or a number', [str('x'), num('x')]), 3), 3);
  t.throws(() => one(oneOf<string | number>('x', 'a string or a number', [str('x'), num('x')]), true), { message: 'must be a string or a number, got boolean' });
});

test('extra arguments are ignored like JavaScript does', (t) => {
  t.deepEqual(args([str('a')]).parse('x', ['1', 2, 3]), ['1']);
});
