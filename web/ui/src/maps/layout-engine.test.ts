import test from 'ava';
import elkBundled from 'elkjs/lib/elk.bundled.js';
import type { ELK as ElkApi, ElkNode } from 'elkjs/lib/elk-api.js';
import { bounds, MapLayout, nodeSize, type ElkLike, type LayoutEdge, type LayoutNode } from './layout-engine.ts';

/** elkjs' CommonJS export typed as a constructor (NodeNext sees the module object). */
const ELK = elkBundled as unknown as new () => ElkApi;

/** elkjs' bundled build (same algorithm as the Web Worker), counting calls. */
function countingElk(): ElkLike & { calls: ElkNode[] } {
  const elk = new ELK();
  const calls: ElkNode[] = [];
  return {
    calls,
    layout(g) {
      calls.push(structuredClone(g));
      return elk.layout(g);
    },
  };
}

const n = (id: string): LayoutNode => ({ id, label: id });
const chain = (ids: string[]): LayoutEdge[] => ids.slice(1).map((id, i) => ({ source: ids[i], target: id }));
const overlap = (a: { x: number; y: number; w: number; h: number }, b: { x: number; y: number; w: number; h: number }) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

test('the first placement lays out the whole graph left to right, without overlaps', async (t) => {
  const elk = countingElk();
  const layout = new MapLayout(elk);
  const ids = ['a', 'b', 'c', 'd'];
  const p = await layout.place(ids.map(n), chain(ids));
  t.is(p.strategy, 'full');
  t.is(p.laidOut, 4);
  const xs = ids.map((id) => p.positions.get(id)!.x);
  t.deepEqual([...xs].sort((x, y) => x - y), xs, 'edges point right');
  const boxes = [...p.positions.values()];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) t.false(overlap(boxes[i], boxes[j]));
  t.is(elk.calls[0].layoutOptions!['elk.layered.layering.strategy'], 'LONGEST_PATH');
});

test('the same nodes again: cached positions, no layout', async (t) => {
  const elk = countingElk();
  const layout = new MapLayout(elk);
  const first = await layout.place(['a', 'b'].map(n), chain(['a', 'b']));
  const again = await layout.place(['a', 'b'].map(n), [...chain(['a', 'b']), { source: 'b', target: 'a' }]);
  t.is(again.strategy, 'cached');
  t.is(elk.calls.length, 1);
  t.deepEqual(again.positions.get('a'), first.positions.get('a'));
});

test('new nodes without a hint are laid out alone, below the map; old nodes do not move', async (t) => {
  const elk = countingElk();
  const layout = new MapLayout(elk);
  const first = await layout.place(['a', 'b', 'c'].map(n), chain(['a', 'b', 'c']));
  const before = bounds(first.positions.values())!;
  const next = await layout.place(['a', 'b', 'c', 'x', 'y'].map(n), [...chain(['a', 'b', 'c']), { source: 'x', target: 'y' }, { source: 'a', target: 'x' }]);
  t.is(next.strategy, 'incremental');
  t.is(next.laidOut, 2);
  for (const id of ['a', 'b', 'c']) t.deepEqual(next.positions.get(id), first.positions.get(id));
  for (const id of ['x', 'y']) t.true(next.positions.get(id)!.y >= before.maxY, `${id} is below the old map`);
  t.deepEqual(
    elk.calls[1].children!.map((c) => c.id),
    ['x', 'y'],
  );
});

test('new nodes with hints use interactive layering seeded with the old positions', async (t) => {
  const elk = countingElk();
  const layout = new MapLayout(elk);
  const first = await layout.place(['a', 'g', 'z'].map(n), [{ source: 'a', target: 'g' }, { source: 'g', target: 'z' }]);
  const g = first.positions.get('g')!;
  const hints = new Map([
    ['m1', { x: g.x, y: g.y }],
    ['m2', { x: g.x, y: g.y }],
  ]);
  const next = await layout.place(['a', 'm1', 'm2', 'z'].map(n), [{ source: 'a', target: 'm1' }, { source: 'a', target: 'm2' }, { source: 'm1', target: 'z' }, { source: 'm2', target: 'z' }], { hints });
  t.is(next.strategy, 'interactive');
  const call = elk.calls[1];
  t.is(call.layoutOptions!['elk.layered.layering.strategy'], 'INTERACTIVE');
  const seeded = call.children!.find((c) => c.id === 'a')!;
  t.is(seeded.x, first.positions.get('a')!.x, 'old nodes start where they were');
  t.is(call.children!.find((c) => c.id === 'm1')!.x, g.x, 'hinted nodes start at the hint');
  const p = next.positions;
  t.true(p.get('a')!.x < p.get('m1')!.x && p.get('m1')!.x < p.get('z')!.x, 'the left-to-right order of the old map is kept');
});

test('full re-layout on request replaces the cache', async (t) => {
  const layout = new MapLayout(countingElk());
  await layout.place(['a', 'b'].map(n), chain(['a', 'b']));
  const p = await layout.place(['b', 'c'].map(n), chain(['b', 'c']), { full: true });
  t.is(p.strategy, 'full');
  t.false(layout.positions.has('a'));
  layout.forget();
  t.is(layout.positions.size, 0);
});

test('node boxes grow with the label, within limits; groups are taller', (t) => {
  t.true(nodeSize({ id: 'x', label: 'a-much-longer-service-name' }).w > nodeSize({ id: 'y', label: 'api' }).w);
  t.is(nodeSize({ id: 'x', label: 'x'.repeat(500) }).w, nodeSize({ id: 'y', label: 'y'.repeat(30) }).w);
  t.true(nodeSize({ id: 'g', label: 'shop', members: 4 }).h > nodeSize({ id: 's', label: 'shop' }).h);
});
