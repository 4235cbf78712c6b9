/**
 * The virtualised traffic table: only the rows in view (plus a margin) exist in the DOM,
 * so 20k buffered rows at 1k new rows/s cost the same as 40. Newest first; when rows
 * arrive while the user is scrolled down, the view stays on the rows being read.
 * Keyboard: ↑/↓ or k/j move the selection, PageUp/PageDown, Home/End; the selection opens
 * the detail pane.
 */
import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { ItemRow } from '../api/types.ts';
import { endpointLabel, formatBytes, formatClock, formatDuration } from '../common/format.ts';
import { ProtocolBadge } from '../common/protocol-badge.tsx';
import type { RowBuffer } from './row-buffer.ts';

export const ROW_HEIGHT = 30;
const OVERSCAN = 8;

export interface ItemTableProps {
  rows: RowBuffer;
  /** Changes whenever `rows` may have changed (a render tick of the page). */
  version: number;
  selectedId: string | null;
  onSelect: (id: string) => void;
  /** Scrolled near the oldest row: load an older page. */
  onNearEnd: () => void;
}

function Row({ row, index, selected, onSelect }: { row: ItemRow; index: number; selected: boolean; onSelect: (id: string) => void }) {
  return (
    <div
      class={`trow${selected ? ' selected' : ''}${row.isError ? ' is-error' : ''}`}
      role="row"
      aria-selected={selected}
      data-id={row.id}
      style={{ transform: `translateY(${index * ROW_HEIGHT}px)` }}
      onClick={() => onSelect(row.id)}
    >
      <span class="c-time mono" role="gridcell">
        {formatClock(row.timestamp)}
      </span>
      <span class="c-proto" role="gridcell">
        <ProtocolBadge protocol={row.protocol} />
      </span>
      <span class="c-peers" role="gridcell" title={`${endpointLabel(row.src)} → ${endpointLabel(row.dst)}`}>
        <span class="peer">{endpointLabel(row.src, false)}</span>
        <span class="arrow" aria-hidden="true">
          →
        </span>
        <span class="peer">{endpointLabel(row.dst)}</span>
      </span>
      <span class="c-summary mono" role="gridcell" title={row.summary}>
        {row.summary}
      </span>
      <span class={`c-status mono${row.isError ? ' bad' : ''}`} role="gridcell">
        {row.status}
      </span>
      <span class="c-latency mono" role="gridcell">
        {row.elapsedTime > 0 ? formatDuration(row.elapsedTime) : ''}
      </span>
      <span class="c-size mono" role="gridcell">
        {formatBytes(row.requestSize + row.responseSize)}
      </span>
      <span class="c-marks" role="gridcell">
        {row.failed ? <span class="mark-failed" title="A script marked this item failed">✕</span> : row.passed ? <span class="mark-passed" title="A script marked this item passed">✓</span> : null}
      </span>
    </div>
  );
}

export function ItemTable({ rows, version, selectedId, onSelect, onNearEnd }: ItemTableProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [view, setView] = useState({ top: 0, height: 600 });
  const anchor = useRef({ prepended: rows.prepended, top: 0 });

  useLayoutEffect(() => {
    const el = scroller.current!;
    const ro = new ResizeObserver(() => setView({ top: el.scrollTop, height: el.clientHeight }));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  // Keep the rows being read in place when newer rows are added above them.
  useLayoutEffect(() => {
    const el = scroller.current!;
    const added = rows.prepended - anchor.current.prepended;
    anchor.current.prepended = rows.prepended;
    if (added > 0 && el.scrollTop > ROW_HEIGHT / 2) {
      el.scrollTop += added * ROW_HEIGHT;
      setView({ top: el.scrollTop, height: el.clientHeight });
    }
  }, [version]);

  const onScroll = () => {
    const el = scroller.current!;
    setView({ top: el.scrollTop, height: el.clientHeight });
    if (el.scrollTop + el.clientHeight > el.scrollHeight - ROW_HEIGHT * 20) onNearEnd();
  };

  const move = (delta: number) => {
    if (!rows.length) return;
    const cur = selectedId ? rows.indexOf(selectedId) : -1;
    const next = Math.max(0, Math.min(rows.length - 1, cur < 0 ? 0 : cur + delta));
    onSelect(rows.at(next)!.id);
    const el = scroller.current!;
    const y = next * ROW_HEIGHT;
    if (y < el.scrollTop) el.scrollTop = y;
    else if (y + ROW_HEIGHT > el.scrollTop + el.clientHeight) el.scrollTop = y + ROW_HEIGHT - el.clientHeight;
  };

  const onKey = (e: KeyboardEvent) => {
    const page = Math.max(1, Math.floor(view.height / ROW_HEIGHT) - 1);
    const keys: Record<string, number> = { ArrowDown: 1, j: 1, ArrowUp: -1, k: -1, PageDown: page, PageUp: -page, End: rows.length, Home: -rows.length };
    if (e.key in keys && !e.ctrlKey && !e.metaKey && !e.altKey) {
      e.preventDefault();
      move(keys[e.key]);
    }
  };

  const first = Math.max(0, Math.floor(view.top / ROW_HEIGHT) - OVERSCAN);
  const last = Math.min(rows.length, Math.ceil((view.top + view.height) / ROW_HEIGHT) + OVERSCAN);
  const visible = [];
  for (let i = first; i < last; i++) {
    const r = rows.at(i)!;
    visible.push(<Row key={r.id} row={r} index={i} selected={r.id === selectedId} onSelect={onSelect} />);
  }

  return (
    <div class="table" role="grid" aria-label="Traffic" aria-rowcount={rows.length} data-version={version}>
      <div class="thead" role="row">
        <span role="columnheader">Time</span>
        <span role="columnheader">Proto</span>
        <span role="columnheader">Source → Destination</span>
        <span role="columnheader">Summary</span>
        <span role="columnheader">Status</span>
        <span role="columnheader">Latency</span>
        <span role="columnheader">Size</span>
        <span role="columnheader" aria-label="Script marks" />
      </div>
      <div ref={scroller} class="tbody" tabIndex={0} onScroll={onScroll} onKeyDown={onKey} data-testid="traffic-rows">
        <div class="tspacer" style={{ height: `${rows.length * ROW_HEIGHT}px` }}>
          {visible}
        </div>
      </div>
    </div>
  );
}
