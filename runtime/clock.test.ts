import test from 'ava';
import { RealClock, VirtualClock } from './clock.ts';

test('VirtualClock fires due timers in time order, then rests at the target', (t) => {
  const c = new VirtualClock(1000);
  const seen: string[] = [];
  c.setTimer(3000, () => seen.push(`c@${c.now()}`));
  c.setTimer(2000, () => seen.push(`a@${c.now()}`));
  c.setTimer(2000, () => seen.push(`b@${c.now()}`));
  const cleared = c.setTimer(2500, () => seen.push('never'));
  c.clearTimer(cleared);
  t.is(c.nextAt(), 2000);
  t.is(c.advanceTo(2999), 2);
  t.is(c.now(), 2999);
  t.deepEqual(seen, ['a@2000', 'b@2000']);
  c.advanceTo(1500);
  t.is(c.now(), 2999);
  t.is(c.advanceTo(10_000), 1);
  t.deepEqual(seen, ['a@2000', 'b@2000', 'c@3000']);
  t.is(c.pending, 0);
});

test('VirtualClock: a timer set while firing and due before the target fires in the same advance', (t) => {
  const c = new VirtualClock(0);
  const seen: number[] = [];
  const tick = () => {
    seen.push(c.now());
    if (seen.length < 5) c.setTimer(c.now() + 100, tick);
  };
  c.setTimer(100, tick);
  c.advanceTo(1000);
  t.deepEqual(seen, [100, 200, 300, 400, 500]);
  c.setTimer(-5, () => seen.push(c.now()));
  c.advanceTo(1000);
  t.is(seen.at(-1), 1000);
});

test('RealClock fires on wall time and can be cleared', async (t) => {
  const c = new RealClock();
  const fired: number[] = [];
  c.setTimer(Date.now() + 20, () => fired.push(1));
  const h = c.setTimer(Date.now() + 20, () => fired.push(2));
  c.clearTimer(h);
  await new Promise((r) => setTimeout(r, 60));
  t.deepEqual(fired, [1]);
  t.false(c.virtual);
  c.dispose();
});
