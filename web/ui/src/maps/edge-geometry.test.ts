import test from 'ava';
import { borderPoint, edgeBends, edgeShape } from './edge-geometry.ts';

const box = (x: number, y: number) => ({ x, y, w: 100, h: 40 });

test('borderPoint leaves the box on the side facing the target', (t) => {
  t.deepEqual(borderPoint(box(0, 0), 1000, 20), { x: 100, y: 20 });
  t.deepEqual(borderPoint(box(0, 0), 50, -1000), { x: 50, y: 0 });
  t.deepEqual(borderPoint(box(0, 0), 50, 20), { x: 50, y: 20 });
});

test('a straight edge runs border to border with its label towards the target', (t) => {
  const s = edgeShape(box(0, 0), box(300, 0), 0);
  t.is(s.d, 'M100,20 Q200,20 300,20');
  t.is(s.my, 20);
  t.true(s.mx > 200 && s.mx < 300);
});

test('edges between the same two nodes fan out; opposite directions bend to opposite sides', (t) => {
  const edges = [
    { source: 'a', target: 'b' },
    { source: 'b', target: 'a' },
    { source: 'a', target: 'b' },
    { source: 'a', target: 'c' },
  ];
  const bends = edgeBends(edges);
  t.is(bends[3], 0, 'a single edge stays straight');
  t.true(bends[0] > 0 && bends[1] > 0 && bends[2] > bends[0]);
  const ab = edgeShape(box(0, 0), box(300, 0), bends[0]);
  const ba = edgeShape(box(300, 0), box(0, 0), bends[1]);
  t.true((ab.my - 20) * (ba.my - 20) < 0, 'A→B and B→A are on opposite sides');
});
