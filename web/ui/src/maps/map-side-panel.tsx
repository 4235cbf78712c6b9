/**
 * The map's side panel: legend, the selected node (focus on it, hide it, its namespace
 * or its Kubernetes node, collapse its namespace), what is hidden and expanded (each
 * restorable), and layout facts.
 */
import type { ViewGraph, ViewNode } from './graph-model.ts';
import type { LayoutStrategy } from './layout-engine.ts';

export interface SidePanelProps {
  graph: ViewGraph;
  selected: ViewNode | null;
  focus: string | null;
  hidden: string[];
  expanded: string[];
  layout: { strategy: LayoutStrategy | 'pending'; ms: number; laidOut: number } | null;
  onFocus: (id: string | null) => void;
  onHide: (key: string) => void;
  onUnhide: (key: string | null) => void;
  onCollapse: (namespace: string) => void;
}

function groupLabel(key: string): string {
  return key.startsWith('ext:') ? `external ${key.slice(4)}` : `namespace ${key}`;
}

function hiddenLabel(key: string): string {
  if (key.startsWith('ns:')) return `namespace ${key.slice(3)}`;
  if (key.startsWith('node:')) return `node ${key.slice(5)}`;
  return key;
}

export function MapSidePanel(p: SidePanelProps) {
  const n = p.selected;
  return (
    <aside class="map-side" aria-label="Map details">
      <section>
        <h4>Legend</h4>
        {p.graph.legend.length ? (
          <ul class="legend" data-testid="map-legend">
            {p.graph.legend.map((l) => (
              <li key={l.label}>
                <span class="swatch" style={{ background: l.color }} />
                {l.label}
              </li>
            ))}
          </ul>
        ) : (
          <div class="muted small">no edges yet</div>
        )}
        <div class="muted small">Arrow: client → server. Width: volume. Dashed box: outside the cluster.</div>
      </section>
      {p.focus ? (
        <section class="focus-note">
          Focused on <strong>{p.focus.startsWith('ns:') ? `namespace ${p.focus.slice(3)}` : p.focus}</strong> and its neighbours.{' '}
          <button class="link" onClick={() => p.onFocus(null)}>
            Show all (Esc)
          </button>
        </section>
      ) : null}
      {n ? (
        <section data-testid="map-selected">
          <h4>{n.label}</h4>
          <div class="muted small">
            {n.kind}
            {n.namespace && n.kind !== 'namespace' ? ` · ${n.namespace}` : ''}
            {n.node ? ` · node ${n.node}` : ''}
          </div>
          <div class="btn-col">
            <button class="btn btn-small" onClick={() => p.onFocus(n.id)}>
              Focus (neighbours only)
            </button>
            {n.namespace ? (
              <button class="btn btn-small" onClick={() => p.onFocus(`ns:${n.namespace}`)}>
                Focus namespace {n.namespace}
              </button>
            ) : null}
            <button class="btn btn-small" onClick={() => p.onHide(n.id)}>
              Hide this
            </button>
            {n.namespace ? (
              <button class="btn btn-small" onClick={() => p.onHide(`ns:${n.namespace}`)}>
                Hide namespace {n.namespace}
              </button>
            ) : null}
            {n.node ? (
              <button class="btn btn-small" onClick={() => p.onHide(`node:${n.node}`)}>
                Hide node {n.node}
              </button>
            ) : null}
            {n.groupKey && p.expanded.includes(n.groupKey) ? (
              <button class="btn btn-small" onClick={() => p.onCollapse(n.groupKey!)}>
                Collapse {groupLabel(n.groupKey)}
              </button>
            ) : null}
          </div>
        </section>
      ) : (
        <section class="muted small">Click a node for focus and hide; click a collapsed group to expand it.</section>
      )}
      {p.hidden.length ? (
        <section>
          <h4>Hidden</h4>
          <div class="chips">
            {p.hidden.map((k) => (
              <button key={k} class="chip" onClick={() => p.onUnhide(k)} title="Show again">
                {hiddenLabel(k)} ✕
              </button>
            ))}
          </div>
          <button class="link" onClick={() => p.onUnhide(null)}>
            Show all
          </button>
        </section>
      ) : null}
      {p.expanded.length ? (
        <section>
          <h4>Expanded groups</h4>
          <div class="chips">
            {p.expanded.map((key) => (
              <button key={key} class="chip" onClick={() => p.onCollapse(key)} title="Collapse again">
                {groupLabel(key)} ▾
              </button>
            ))}
          </div>
        </section>
      ) : null}
      <section class="muted small" data-testid="map-facts">
        {p.graph.nodes.length} nodes · {p.graph.edges.length} edges
        {p.graph.collapsedGroups ? ` · ${p.graph.collapsedGroups} groups collapsed` : ''}
        {p.graph.hiddenCount ? ` · ${p.graph.hiddenCount} hidden` : ''}
        {p.layout ? (
          <div>
            layout: {p.layout.strategy}
            {p.layout.strategy !== 'cached' && p.layout.strategy !== 'pending' ? ` (${p.layout.laidOut} nodes, ${Math.round(p.layout.ms)} ms, Web Worker)` : ''}
          </div>
        ) : null}
      </section>
    </aside>
  );
}
