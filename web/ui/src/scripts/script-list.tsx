/** The scripts list: state (running, failed, quarantined with its reason, inactive) and stats. */
import type { ScriptStatus } from '../api/types.ts';
import { formatBytes, formatCount } from '../common/format.ts';

const STATE_TEXT: Record<string, string> = {
  running: 'running',
  loading: 'loading',
  failed: 'failed',
  quarantined: 'quarantined',
  disposed: 'stopped',
  inactive: 'inactive',
};

export function StatePill({ s }: { s: ScriptStatus }) {
  return (
    <span class={`pill state-${s.state}`} data-testid="script-state">
      {STATE_TEXT[s.state] ?? s.state}
    </span>
  );
}

export function ScriptList({ scripts, selected, onSelect }: { scripts: ScriptStatus[]; selected: string | null; onSelect: (id: string) => void }) {
  return (
    <ul class="script-list" role="listbox" aria-label="Scripts" data-testid="script-list">
      {scripts.map((s) => (
        <li
          key={s.id}
          role="option"
          tabIndex={0}
          aria-selected={s.id === selected}
          class={s.id === selected ? 'selected' : ''}
          data-id={s.id}
          onClick={() => onSelect(s.id)}
          onKeyDown={(e) => e.key === 'Enter' && onSelect(s.id)}
        >
          <div class="script-row">
            <span class="script-title">{s.title || s.id}</span>
            <StatePill s={s} />
          </div>
          {s.reason && (s.state === 'quarantined' || s.state === 'failed') ? <div class="script-reason small">{s.reason}</div> : null}
          {s.loadError ? <div class="script-reason small">last save did not load: {s.loadError}</div> : null}
          {s.stats ? (
            <div class="script-stats small muted">
              {formatCount(s.stats.calls)} calls · <span class={s.stats.errors ? 'bad' : ''}>{formatCount(s.stats.errors)} errors</span> · {s.stats.cpuUsPerCall.toFixed(0)} µs/call
              {s.stats.drops ? ` · ${formatCount(s.stats.drops)} dropped` : ''} · {formatBytes(s.stats.heapUsedBytes)} heap
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
