/**
 * Maps: the L4 map (bytes and packets between workloads, every flow) and the L7 map
 * (requests per protocol), polled live, laid out by ELK in a Web Worker with cached
 * positions (layout-engine.ts), drawn as SVG with pan/zoom. Settings are remembered.
 * Keys: `f` fit, `r` re-layout, `p` pause, `+`/`-` zoom, Esc clears focus/selection.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { MapGrouping } from '../api/types.ts';
import { Segmented, Switch } from '../common/controls.tsx';
import { useHotkeys } from '../common/hotkeys.ts';
import { EmptyState, ErrorNote, Loading } from '../common/states.tsx';
import { useStored } from '../common/use-stored.ts';
import { KflBox } from '../traffic/kfl-box.tsx';
import { DEFAULT_SETTINGS, type MapSettings } from './edge-metrics.ts';
import { browserElk } from './elk-client.ts';
import { buildView, groupId, groupKeyOf, type MapKind, type ViewGraph } from './graph-model.ts';
import { bounds, MapLayout, type Box, type LayoutStrategy } from './layout-engine.ts';
import { MapCanvas } from './map-canvas.tsx';
import { MapSidePanel } from './map-side-panel.tsx';
import { fitView, usePanZoom } from './pan-zoom.ts';
import { useMapData } from './use-map-data.ts';

const GROUPINGS: { value: MapGrouping; label: string }[] = [
  { value: 'namespace', label: 'Namespace' },
  { value: 'node', label: 'Node' },
  { value: 'pod', label: 'Pod' },
  { value: 'service', label: 'Service' },
];

export function MapsPage() {
  const [kind, setKind] = useStored<MapKind>('maps.kind', 'l7');
  const [group, setGroup] = useStored<MapGrouping>('maps.group', 'service');
  const [settings, setSettings] = useStored<MapSettings>('maps.settings', DEFAULT_SETTINGS);
  const [collapseAbove, setCollapseAbove] = useStored('maps.collapseAbove', 40);
  const [filter, setFilter] = useState('');
  const [paused, setPaused] = useState(false);
  const [hidden, setHidden] = useStored<string[]>('maps.hidden', []);
  const [expanded, setExpanded] = useState<string[]>([]);
  const [focus, setFocus] = useState<string | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [positions, setPositions] = useState<ReadonlyMap<string, Box>>(new Map());
  const [layoutInfo, setLayoutInfo] = useState<{ strategy: LayoutStrategy | 'pending'; ms: number; laidOut: number } | null>(null);
  const [layoutError, setLayoutError] = useState('');
  const layouts = useRef(new Map<string, MapLayout>());
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const hints = useRef(new Map<string, { x: number; y: number }>());
  const latest = useRef(0);
  const svg = useRef<SVGSVGElement>(null);
  const { view, setView, zoomBy, wasDrag, handlers } = usePanZoom(svg);

  const { data, error, updatedAt, refresh } = useMapData({ kind, group, filter, rate: settings.rate, paused });
  const graph: ViewGraph | null = useMemo(() => {
    if (!data) return null;
    const o = { settings, collapseAbove, expanded: new Set(expanded), hidden: new Set(hidden), focus };
    return data.kind === 'l7' ? buildView('l7', data.map, o) : buildView('l4', data.map, o);
  }, [data, settings, collapseAbove, expanded, hidden, focus]);

  const layoutKey = `${kind}|${group}`;
  const nodeKey = graph ? graph.nodes.map((n) => n.id).join('\n') : '';
  const fit = (pos: ReadonlyMap<string, Box> = positions) => {
    const b = bounds(pos.values());
    const el = svg.current;
    if (b && el) setView(fitView(b, el.clientWidth, el.clientHeight));
  };

  const runLayout = (full: boolean) => {
    if (!graph) return;
    let layout = layouts.current.get(layoutKey);
    if (!layout) layouts.current.set(layoutKey, (layout = new MapLayout(browserElk())));
    const firstTime = layout.positions.size === 0;
    const ticket = ++latest.current;
    const nodes = graph.nodes.map((n) => ({ id: n.id, label: n.label, members: n.members }));
    const edges = graph.edges.map((e) => ({ source: e.source, target: e.target }));
    const h = new Map(hints.current);
    hints.current.clear();
    setLayoutInfo((li) => (li && li.strategy !== 'cached' ? li : { strategy: 'pending', ms: 0, laidOut: 0 }));
    chain.current = chain.current
      .then(() => layout!.place(nodes, edges, { full, hints: h }))
      .then(
        (p) => {
          if (ticket !== latest.current) return;
          setPositions(p.positions);
          setLayoutInfo({ strategy: p.strategy, ms: p.ms, laidOut: p.laidOut });
          setLayoutError('');
          if (firstTime || full || p.strategy === 'interactive') requestAnimationFrame(() => fit(p.positions));
        },
        (e) => setLayoutError(`layout failed: ${(e as Error).message}`),
      );
  };

  useEffect(() => runLayout(false), [layoutKey, nodeKey]);

  const expand = (key: string) => {
    const box = positions.get(groupId(key));
    if (box && data) for (const n of data.map.nodes) if (groupKeyOf(n) === key) hints.current.set(n.id, { x: box.x, y: box.y });
    setExpanded((xs) => [...new Set([...xs, key])]);
  };
  const collapse = (key: string) => setExpanded((xs) => xs.filter((x) => x !== key));
  const selectedNode = graph?.nodes.find((n) => n.id === selected) ?? null;

  useHotkeys({
    f: () => fit(),
    r: () => runLayout(true),
    p: () => setPaused((x) => !x),
    '+': () => zoomBy(1.25),
    '=': () => zoomBy(1.25),
    '-': () => zoomBy(0.8),
    Escape: () => (selected ? setSelected(null) : setFocus(null)),
  });

  const set = (patch: Partial<MapSettings>) => setSettings((s) => ({ ...s, ...patch }));
  return (
    <div class="page maps">
      <div class="toolbar">
        <div class="toolbar-row">
          <Segmented<MapKind> label="Map" testId="map-kind" value={kind} onChange={setKind} choices={[{ value: 'l7', label: 'L7 API calls' }, { value: 'l4', label: 'L4 flows' }]} />
          <Segmented<MapGrouping> label="Grouping" testId="map-grouping" value={group} onChange={(g) => (setGroup(g), setFocus(null), setSelected(null))} choices={GROUPINGS} />
          <button class={`btn ${paused ? 'btn-warn' : ''}`} onClick={() => setPaused(!paused)} aria-pressed={paused} data-testid="map-pause" title="Pause live updates (p)">
            {paused ? '▶ Resume' : '❚❚ Pause'}
          </button>
          <button class="btn" onClick={() => fit()} title="Fit the map (f)">
            Fit
          </button>
          <button class="btn" onClick={() => runLayout(true)} title="Lay the whole map out again (r)">
            Re-layout
          </button>
          <span class="spacer" />
          <span class="muted small">{updatedAt ? `updated ${new Date(updatedAt).toLocaleTimeString()}` : ''}</span>
        </div>
        <div class="toolbar-row">
          <Switch label="Bandwidth" checked={settings.bandwidth} onChange={(v) => set({ bandwidth: v })} testId="map-bandwidth" title="Label and size edges by bytes" />
          <Switch label="Rate (/s)" checked={settings.rate} onChange={(v) => set({ rate: v })} testId="map-rate" title="Per second instead of cumulative" />
          <Switch label="Request sizes" checked={settings.includeRequest} onChange={(v) => set({ includeRequest: v })} title="Count request (egress) bytes" />
          <Switch label="Response sizes" checked={settings.includeResponse} onChange={(v) => set({ includeResponse: v })} title="Count response (ingress) bytes" />
          <label class="small">
            Collapse groups above{' '}
            <input class="num" type="number" min={5} max={1000} value={collapseAbove} onChange={(e) => setCollapseAbove(Math.max(5, Number((e.currentTarget as HTMLInputElement).value) || 40))} /> nodes
          </label>
        </div>
        <KflBox id="map-kfl" value={filter} onApply={setFilter} placeholder={kind === 'l7' ? 'KFL on items, e.g. http or redis' : 'KFL on endpoints, e.g. dst.namespace == "shop"'} />
      </div>
      {error ? <ErrorNote error={error} onRetry={refresh} /> : null}
      {layoutError ? <ErrorNote error={layoutError} onRetry={() => runLayout(true)} /> : null}
      <div class="map-area">
        <div class="map-main">
          {!graph ? (
            error ? null : <Loading what="the map" />
          ) : graph.nodes.length === 0 ? (
            <EmptyState title="Nothing on the map yet">{filter ? 'No traffic matches the filter.' : 'The map fills in as traffic is captured.'}</EmptyState>
          ) : (
            <MapCanvas graph={graph} positions={positions} view={view} selected={selected} onSelect={setSelected} onBackground={() => !wasDrag() && setSelected(null)} onExpand={expand} svgRef={svg} handlers={handlers} />
          )}
          <div class="zoom-controls">
            <button class="btn btn-small" onClick={() => zoomBy(1.25)} aria-label="Zoom in">
              +
            </button>
            <button class="btn btn-small" onClick={() => zoomBy(0.8)} aria-label="Zoom out">
              −
            </button>
          </div>
        </div>
        {graph ? (
          <MapSidePanel
            graph={graph}
            selected={selectedNode}
            focus={focus}
            hidden={hidden}
            expanded={expanded}
            layout={layoutInfo}
            onFocus={(id) => (setFocus(id), setSelected(null))}
            onHide={(k) => (setHidden((xs) => [...new Set([...xs, k])]), setSelected(null))}
            onUnhide={(k) => setHidden((xs) => (k === null ? [] : xs.filter((x) => x !== k)))}
            onCollapse={collapse}
          />
        ) : null}
      </div>
    </div>
  );
}
