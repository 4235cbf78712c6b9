/**
 * The map as SVG: edges (curves with direction arrows, width by volume, colour by
 * protocol or transport, labels when zoomed in enough) under the nodes (boxes labelled by
 * identity; external endpoints dashed; collapsed namespaces show their workload count
 * and expand on click). Pan by dragging, zoom with the wheel.
 */
import type { RefObject } from 'preact';
import { useMemo } from 'preact/hooks';
import { ellipsis } from '../common/format.ts';
import { safeColor } from '../common/protocol-badge.tsx';
import { edgeBends, edgeShape } from './edge-geometry.ts';
import type { ViewGraph, ViewNode } from './graph-model.ts';
import type { Box } from './layout-engine.ts';
import type { View } from './pan-zoom.ts';

export interface MapCanvasProps {
  graph: ViewGraph;
  positions: ReadonlyMap<string, Box>;
  view: View;
  selected: string | null;
  onSelect: (id: string | null) => void;
  /** A click on the background (not the end of a drag). */
  onBackground: () => void;
  /** A collapsed group was clicked (its group key). */
  onExpand: (groupKey: string) => void;
  svgRef: RefObject<SVGSVGElement | null>;
  handlers: Record<string, (e: PointerEvent) => void>;
}

const LABEL_MIN_ZOOM = 0.55;
const KIND_TEXT: Record<string, string> = { namespace: 'namespace', node: 'node', pod: 'pod', service: 'service', external: 'external', group: 'namespace' };

function NodeBox({ n, box, selected, onSelect, onExpand }: { n: ViewNode; box: Box; selected: boolean; onSelect: (id: string) => void; onExpand: (key: string) => void }) {
  const activate = () => (n.kind === 'group' && n.groupKey ? onExpand(n.groupKey) : onSelect(n.id));
  return (
    <g
      class={`map-node kind-${n.kind}${n.external ? ' external' : ''}${selected ? ' selected' : ''}`}
      transform={`translate(${box.x},${box.y})`}
      data-id={n.id}
      tabIndex={0}
      role="button"
      aria-label={`${n.label} (${n.external && n.kind === 'group' ? 'external' : KIND_TEXT[n.kind]}${n.members ? `, ${n.members} members, click to expand` : ''})`}
      onClick={(e) => {
        e.stopPropagation();
        activate();
      }}
      onKeyDown={(e) => (e.key === 'Enter' || e.key === ' ') && (e.preventDefault(), activate())}
    >
      <title>{n.label}</title>
      {n.kind === 'group' ? <rect class="stack" x={4} y={-4} width={box.w} height={box.h} rx={7} /> : null}
      <rect class="box" width={box.w} height={box.h} rx={7} />
      <text class="label" x={10} y={n.members ? 19 : 16}>
        {ellipsis(n.label, 28)}
      </text>
      <text class="sub" x={10} y={n.members ? 36 : 29}>
        {n.members ? `▸ ${n.members} ${n.external ? 'endpoints' : 'workloads'}` : n.namespace && n.kind !== 'namespace' ? ellipsis(n.namespace, 28) : KIND_TEXT[n.kind]}
      </text>
    </g>
  );
}

export function MapCanvas({ graph, positions, view, selected, onSelect, onBackground, onExpand, svgRef, handlers }: MapCanvasProps) {
  const colors = useMemo(() => [...new Set(graph.edges.map((e) => safeColor(e.color, '#64748b')))], [graph]);
  const bends = useMemo(() => edgeBends(graph.edges), [graph]);
  const showLabels = view.k >= LABEL_MIN_ZOOM && graph.edges.length <= 400;

  return (
    <svg
      ref={svgRef}
      class="map-svg"
      role="img"
      aria-label={`Service map: ${graph.nodes.length} nodes, ${graph.edges.length} edges`}
      data-nodes={graph.nodes.length}
      data-edges={graph.edges.length}
      onClick={onBackground}
      {...handlers}
    >
      <defs>
        {colors.map((c, i) => (
          <marker key={c} id={`arrow-${i}`} viewBox="0 0 10 10" refX={9} refY={5} markerUnits="userSpaceOnUse" markerWidth={13} markerHeight={13} orient="auto">
            <path d="M0,0 L10,5 L0,10 z" fill={c} />
          </marker>
        ))}
      </defs>
      <g transform={`translate(${view.x},${view.y}) scale(${view.k})`}>
        <g class="edges">
          {graph.edges.map((e, i) => {
            const a = positions.get(e.source);
            const b = positions.get(e.target);
            if (!a || !b) return null;
            const s = edgeShape(a, b, bends[i]);
            const c = safeColor(e.color, '#64748b');
            const dim = selected !== null && e.source !== selected && e.target !== selected;
            return (
              <g key={e.id} class={`map-edge${dim ? ' dim' : ''}${e.errors ? ' has-errors' : ''}`} data-source={e.source} data-target={e.target}>
                <title>{e.title}</title>
                <path d={s.d} stroke={c} stroke-width={e.width} fill="none" marker-end={`url(#arrow-${colors.indexOf(c)})`} />
                {showLabels ? (
                  <text class="edge-label" x={s.mx} y={s.my - 4 - e.width / 2} text-anchor="middle">
                    {e.label}
                  </text>
                ) : null}
              </g>
            );
          })}
        </g>
        <g class="nodes">
          {graph.nodes.map((n) => {
            const box = positions.get(n.id);
            if (!box) return null;
            return (
              <NodeBox
                key={n.id}
                n={n}
                box={box}
                selected={n.id === selected}
                onSelect={onSelect}
                onExpand={onExpand}
              />
            );
          })}
        </g>
      </g>
    </svg>
  );
}
