/**
 * Map layout with ELK (layered, the fast option set of RECIPES §4) and a position cache,
 * so live updates never reshuffle what the user is looking at:
 *  - nothing new on the map → cached positions, no layout at all;
 *  - nothing cached yet, or `full` asked for → one layout of the whole graph;
 *  - new nodes with a hint (e.g. the members of a namespace group just expanded, hinted
 *    at the group's place) → interactive layering: ELK keeps the order given by the
 *    previous positions and fits the new nodes in;
 *  - new nodes without a hint (new traffic) → only they are laid out, as a block under
 *    the existing map; old nodes keep their exact positions.
 * ELK itself is injected: in the browser it runs in its Web Worker (elk-client.ts); tests
 * and node tools pass elkjs' bundled build.
 */
import type { ElkExtendedEdge, ElkNode, LayoutOptions } from 'elkjs/lib/elk-api.js';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface LayoutNode {
  id: string;
  label: string;
  members?: number;
}

export interface LayoutEdge {
  source: string;
  target: string;
}

export interface ElkLike {
  layout(graph: ElkNode): Promise<ElkNode>;
}

export type LayoutStrategy = 'cached' | 'full' | 'interactive' | 'incremental';

export interface Placement {
  positions: ReadonlyMap<string, Box>;
  strategy: LayoutStrategy;
  /** Nodes ELK placed in this call. */
  laidOut: number;
  ms: number;
}

export const FAST_OPTIONS: LayoutOptions = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.layered.layering.strategy': 'LONGEST_PATH',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  'elk.layered.thoroughness': '1',
  'elk.layered.greedySwitch.type': 'OFF',
  'elk.spacing.nodeNode': '26',
  'elk.layered.spacing.nodeNodeBetweenLayers': '170',
  'elk.spacing.componentComponent': '40',
  'elk.edgeRouting': 'POLYLINE',
};

export const INTERACTIVE_OPTIONS: LayoutOptions = {
  ...FAST_OPTIONS,
  'elk.layered.layering.strategy': 'INTERACTIVE',
  'elk.layered.cycleBreaking.strategy': 'INTERACTIVE',
  'elk.layered.crossingMinimization.semiInteractive': 'true',
  'elk.separateConnectedComponents': 'false',
};

const BLOCK_GAP = 80;

/** Box size of a node: width follows the label (clamped), groups are taller. */
export function nodeSize(n: LayoutNode): { w: number; h: number } {
  const chars = Math.min(30, Math.max(8, n.label.length + (n.members ? 5 : 0)));
  return { w: Math.round(24 + chars * 7.2), h: n.members ? 46 : 36 };
}

export function bounds(boxes: Iterable<Box>): { minX: number; minY: number; maxX: number; maxY: number } | null {
  let b: { minX: number; minY: number; maxX: number; maxY: number } | null = null;
  for (const p of boxes) {
    if (!b) b = { minX: p.x, minY: p.y, maxX: p.x + p.w, maxY: p.y + p.h };
    else {
      b.minX = Math.min(b.minX, p.x);
      b.minY = Math.min(b.minY, p.y);
      b.maxX = Math.max(b.maxX, p.x + p.w);
      b.maxY = Math.max(b.maxY, p.y + p.h);
    }
  }
  return b;
}

export class MapLayout {
  private readonly cache = new Map<string, Box>();

  constructor(private readonly elk: ElkLike) {}

  get positions(): ReadonlyMap<string, Box> {
    return this.cache;
  }

  forget(): void {
    this.cache.clear();
  }

  /** Positions for every node of the graph (see the file comment for the strategies). */
  async place(nodes: LayoutNode[], edges: LayoutEdge[], o: { full?: boolean; hints?: ReadonlyMap<string, { x: number; y: number }> } = {}): Promise<Placement> {
    const t0 = performance.now();
    const missing = nodes.filter((n) => !this.cache.has(n.id));
    const known = nodes.length - missing.length;
    let strategy: LayoutStrategy;
    if (!o.full && missing.length === 0) strategy = 'cached';
    else if (o.full || known === 0) strategy = 'full';
    else if (o.hints && missing.some((n) => o.hints!.has(n.id))) strategy = 'interactive';
    else strategy = 'incremental';

    if (strategy === 'full') {
      const out = await this.run(nodes, edges, FAST_OPTIONS);
      this.cache.clear();
      for (const [id, b] of out) this.cache.set(id, b);
    } else if (strategy === 'interactive') {
      const edge = bounds(nodes.map((n) => this.cache.get(n.id)).filter((b): b is Box => !!b));
      const seed = new Map<string, { x: number; y: number }>();
      for (const n of nodes) {
        const c = this.cache.get(n.id);
        seed.set(n.id, c ? { x: c.x, y: c.y } : (o.hints?.get(n.id) ?? { x: (edge?.maxX ?? 0) + BLOCK_GAP, y: edge?.minY ?? 0 }));
      }
      const out = await this.run(nodes, edges, INTERACTIVE_OPTIONS, seed);
      for (const [id, b] of out) this.cache.set(id, b);
    } else if (strategy === 'incremental') {
      const ids = new Set(missing.map((n) => n.id));
      const inner = edges.filter((e) => ids.has(e.source) && ids.has(e.target));
      const out = await this.run(missing, inner, FAST_OPTIONS);
      const old = bounds(nodes.map((n) => this.cache.get(n.id)).filter((b): b is Box => !!b))!;
      const block = bounds(out.values())!;
      const dx = old.minX - block.minX;
      const dy = old.maxY + BLOCK_GAP - block.minY;
      for (const [id, b] of out) this.cache.set(id, { ...b, x: b.x + dx, y: b.y + dy });
    }
    const positions = new Map<string, Box>();
    for (const n of nodes) positions.set(n.id, this.cache.get(n.id)!);
    return { positions, strategy, laidOut: strategy === 'cached' ? 0 : strategy === 'incremental' ? missing.length : nodes.length, ms: performance.now() - t0 };
  }

  private async run(nodes: LayoutNode[], edges: LayoutEdge[], options: LayoutOptions, seed?: ReadonlyMap<string, { x: number; y: number }>): Promise<Map<string, Box>> {
    const ids = new Set(nodes.map((n) => n.id));
    // One edge per ordered pair: parallel edges (several protocols) change nothing in the layout.
    const pairs = new Map<string, LayoutEdge>();
    for (const e of edges) if (ids.has(e.source) && ids.has(e.target) && e.source !== e.target) pairs.set(`${e.source}\u0000${e.target}`, e);
    const graph: ElkNode = {
      id: 'root',
      layoutOptions: options,
      children: nodes.map((n) => ({ id: n.id, ...nodeSizeAsElk(n), ...(seed?.get(n.id) ?? {}) })),
      edges: [...pairs.values()].map((e, i): ElkExtendedEdge => ({ id: `e${i}`, sources: [e.source], targets: [e.target] })),
    };
    const out = await this.elk.layout(graph);
    const boxes = new Map<string, Box>();
    for (const c of out.children ?? []) boxes.set(c.id, { x: c.x ?? 0, y: c.y ?? 0, w: c.width ?? 100, h: c.height ?? 36 });
    return boxes;
  }
}

function nodeSizeAsElk(n: LayoutNode): { width: number; height: number } {
  const s = nodeSize(n);
  return { width: s.w, height: s.h };
}
