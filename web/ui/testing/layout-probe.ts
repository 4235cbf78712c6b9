/**
 * Browser side of the layout benchmark (bench/ui.bench.ts): the dashboard's MapLayout with
 * ELK in its Web Worker, timed in the page, plus the page's long tasks (a layout must
 * never block the main thread). Bundled by the bench with esbuild; typed by tsconfig.json.
 */
import { browserElk } from '../src/maps/elk-client.ts';
import { MapLayout, type LayoutEdge, type LayoutNode } from '../src/maps/layout-engine.ts';

export interface LayoutProbe {
  /** ms for a first (full) layout of the graph. */
  full(nodes: LayoutNode[], edges: LayoutEdge[]): Promise<number>;
  /** ms to place `extra` new nodes on a map already laid out (incremental strategy). */
  incremental(nodes: LayoutNode[], edges: LayoutEdge[], extraNodes: LayoutNode[], extraEdges: LayoutEdge[]): Promise<{ ms: number; strategy: string }>;
  /** Durations of the main thread's long tasks so far, ms. */
  longTasks(): number[];
}

const tasks: number[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) tasks.push(e.duration);
}).observe({ type: 'longtask', buffered: true });

const elk = browserElk('elk-worker.min.js');

const probe: LayoutProbe = {
  async full(nodes, edges) {
    const layout = new MapLayout(elk);
    const t0 = performance.now();
    await layout.place(nodes, edges);
    return performance.now() - t0;
  },
  async incremental(nodes, edges, extraNodes, extraEdges) {
    const layout = new MapLayout(elk);
    await layout.place(nodes, edges);
    const t0 = performance.now();
    const p = await layout.place([...nodes, ...extraNodes], [...edges, ...extraEdges]);
    return { ms: performance.now() - t0, strategy: p.strategy };
  },
  longTasks: () => tasks.slice(),
};

(window as unknown as { wirehookLayoutProbe: LayoutProbe }).wirehookLayoutProbe = probe;
