/**
 * Edge drawing from node boxes: a quadratic curve from the source box's border to the
 * target box's border. Edges between the same two nodes fan out (A→B and B→A bend to
 * opposite sides, several protocols one beside the other), so none hides another. Pure.
 */
import type { Box } from './layout-engine.ts';

export interface EdgeShape {
  /** SVG path data. */
  d: string;
  /** Label anchor (a point on the curve, past the middle, towards the target). */
  mx: number;
  my: number;
}

const FAN = 16;
const LABEL_AT = 0.62;

/** Where the segment from the box centre towards (tx, ty) leaves the box. */
export function borderPoint(b: Box, tx: number, ty: number): { x: number; y: number } {
  const cx = b.x + b.w / 2;
  const cy = b.y + b.h / 2;
  const dx = tx - cx;
  const dy = ty - cy;
  if (dx === 0 && dy === 0) return { x: cx, y: cy };
  const sx = dx === 0 ? Infinity : b.w / 2 / Math.abs(dx);
  const sy = dy === 0 ? Infinity : b.h / 2 / Math.abs(dy);
  const s = Math.min(sx, sy);
  return { x: cx + dx * s, y: cy + dy * s };
}

/** `bend`: signed distance of the control point from the straight line (0 = straight). */
export function edgeShape(a: Box, b: Box, bend: number): EdgeShape {
  const ac = { x: a.x + a.w / 2, y: a.y + a.h / 2 };
  const bc = { x: b.x + b.w / 2, y: b.y + b.h / 2 };
  const len = Math.hypot(bc.x - ac.x, bc.y - ac.y) || 1;
  const nx = -(bc.y - ac.y) / len;
  const ny = (bc.x - ac.x) / len;
  const cx = (ac.x + bc.x) / 2 + nx * bend * 2;
  const cy = (ac.y + bc.y) / 2 + ny * bend * 2;
  const p0 = borderPoint(a, cx, cy);
  const p2 = borderPoint(b, cx, cy);
  const r = (n: number) => Math.round(n * 10) / 10;
  // Labels sit past the middle, towards the target: edges fanning out of one node spread there.
  const t = LABEL_AT;
  const a0 = (1 - t) * (1 - t);
  const a1 = 2 * (1 - t) * t;
  const a2 = t * t;
  return {
    d: `M${r(p0.x)},${r(p0.y)} Q${r(cx)},${r(cy)} ${r(p2.x)},${r(p2.y)}`,
    mx: r(a0 * p0.x + a1 * cx + a2 * p2.x),
    my: r(a0 * p0.y + a1 * cy + a2 * p2.y),
  };
}

/** Bend of each edge (by index) so parallel and opposite edges fan out. */
export function edgeBends(edges: readonly { source: string; target: string }[]): number[] {
  const groups = new Map<string, number[]>();
  edges.forEach((e, i) => {
    const key = e.source < e.target ? `${e.source}\u0000${e.target}` : `${e.target}\u0000${e.source}`;
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  });
  const bends = new Array<number>(edges.length).fill(0);
  for (const g of groups.values()) {
    if (g.length === 1) continue;
    const perDirection = new Map<string, number>();
    for (const i of g) {
      const dir = edges[i].source;
      const k = perDirection.get(dir) ?? 0;
      perDirection.set(dir, k + 1);
      bends[i] = (k + 0.5) * FAN;
    }
  }
  return bends;
}
