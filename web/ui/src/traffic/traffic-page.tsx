/**
 * Traffic: the KFL box, the live table (WebSocket rows, filtered server-side) with
 * pause/resume, history paging (`/api/items`, newest first, cursor continues older) as
 * the user scrolls, and the detail pane of the selected item.
 * Keys: `/` focuses the filter, `p` pauses/resumes, Esc closes the detail.
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, downloadUrl, errorText } from '../api/client.ts';
import { live } from '../api/live-socket.ts';
import type { ItemPage } from '../api/types.ts';
import { Segmented } from '../common/controls.tsx';
import { formatCount } from '../common/format.ts';
import { useHotkeys } from '../common/hotkeys.ts';
import { EmptyState, ErrorNote } from '../common/states.tsx';
import { useStored } from '../common/use-stored.ts';
import { ItemDetail } from './item-detail.tsx';
import { ItemTable } from './item-table.tsx';
import { KflBox } from './kfl-box.tsx';
import { RowBuffer } from './row-buffer.ts';

const PAGE = 200;
type Span = 'all' | '5m' | '1h' | '24h';
const SPAN_MS: Record<Span, number> = { all: 0, '5m': 5 * 60_000, '1h': 3600_000, '24h': 86400_000 };

export function TrafficPage() {
  const [filter, setFilter] = useStored('traffic.filter', '');
  const [span, setSpan] = useStored<Span>('traffic.window', 'all');
  const rows = useMemo(() => new RowBuffer(20_000), []);
  const [version, setVersion] = useState(0);
  const [paused, setPaused] = useState(false);
  const [selected, setSelected] = useState<string | null>(null);
  const [error, setError] = useState('');
  const [dropped, setDropped] = useState(0);
  const [loading, setLoading] = useState(false);
  const [reloads, setReloads] = useState(0);
  const cursor = useRef<string | null>(null);
  const generation = useRef(0);
  const frame = useRef(0);

  /** Re-render at most once a frame (rows, the paused count or the row count changed). */
  const bump = () => {
    if (frame.current) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = 0;
      setVersion((v) => v + 1);
    });
  };

  const loadPage = async (first: boolean) => {
    const gen = generation.current;
    if (!first && (cursor.current === null || rows.full)) return;
    setLoading(true);
    try {
      const from = SPAN_MS[span] ? Date.now() - SPAN_MS[span] : undefined;
      const page = await api.get<ItemPage>('/api/items', { filter, limit: PAGE, from, cursor: first ? undefined : cursor.current });
      if (gen !== generation.current) return;
      cursor.current = page.nextCursor;
      rows.addOlder(page.rows);
      bump();
    } catch (e) {
      if (gen === generation.current) setError(errorText(e));
    } finally {
      if (gen === generation.current) setLoading(false);
    }
  };

  useEffect(() => {
    generation.current++;
    rows.clear();
    cursor.current = null;
    setError('');
    setDropped(0);
    bump();
    live.want('traffic', { items: { filter } });
    void loadPage(true);
  }, [filter, span, reloads]);

  useEffect(() => {
    const offItems = live.on('items', (m) => {
      rows.addLive(m.rows);
      if (m.dropped) setDropped((d) => d + m.dropped);
      bump();
    });
    const offError = live.on('error', (m) => setError(`${m.message} (${m.code})`));
    return () => {
      offItems();
      offError();
      live.want('traffic', null);
      cancelAnimationFrame(frame.current);
    };
  }, []);

  const togglePause = () => {
    if (rows.paused) {
      rows.resume();
      setPaused(false);
    } else {
      rows.pause();
      setPaused(true);
    }
    bump();
  };

  useHotkeys({
    '/': () => document.getElementById('kfl')?.focus(),
    p: togglePause,
    Escape: () => setSelected(null),
  });

  return (
    <div class="page traffic">
      <div class="toolbar">
        <KflBox value={filter} onApply={setFilter} />
        <div class="toolbar-row">
          <button class={`btn ${paused ? 'btn-warn' : ''}`} onClick={togglePause} data-testid="pause" aria-pressed={paused} title="Pause or resume the live stream (p)">
            {paused ? `▶ Resume${rows.pendingCount ? ` (${formatCount(rows.pendingCount)} new)` : ''}` : '❚❚ Pause'}
          </button>
          <Segmented<Span>
            label="Time window"
            value={span}
            onChange={setSpan}
            choices={[
              { value: 'all', label: 'All' },
              { value: '5m', label: '5 min' },
              { value: '1h', label: '1 h' },
              { value: '24h', label: '24 h' },
            ]}
          />
          <span class="muted small" data-testid="row-count">
            {formatCount(rows.length)} {rows.length === 1 ? 'row' : 'rows'}{loading ? ' · loading…' : ''}
            {dropped ? ` · ${formatCount(dropped)} dropped by the server (client too slow)` : ''}
            {rows.pausedOverflow ? ` · ${formatCount(rows.pausedOverflow)} lost while paused` : ''}
          </span>
          <span class="spacer" />
          <a class="btn" href={downloadUrl('/api/pcap', { filter })} download title="Download the matching streams as one pcap">
            ⤓ pcap
          </a>
        </div>
      </div>
      {error ? <ErrorNote error={error} onRetry={() => setReloads((n) => n + 1)} /> : null}
      <div class={`split ${selected ? 'with-detail' : ''}`}>
        <div class="split-main">
          {rows.length === 0 && !loading ? (
            <EmptyState title={filter ? 'No items match this filter' : 'No traffic yet'}>
              {filter ? 'Try a broader KFL query, or clear it to see everything.' : 'Items appear here live as Wirehook dissects them.'}
            </EmptyState>
          ) : (
            <ItemTable rows={rows} version={version} selectedId={selected} onSelect={setSelected} onNearEnd={() => !loading && void loadPage(false)} />
          )}
        </div>
        {selected ? (
          <ItemDetail
            id={selected}
            onClose={() => setSelected(null)}
            onVerdict={(id, passed, failed) => {
              if (rows.patch(id, { passed, failed })) bump();
            }}
          />
        ) : null}
      </div>
    </div>
  );
}
