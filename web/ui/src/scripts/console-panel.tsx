/**
 * A script's console, live: the last lines (`GET /api/scripts/:id/console`), then new
 * lines from the WebSocket. Lines that arrive while the history loads are merged without
 * duplicates. Follows the end unless the user scrolled up.
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { api, errorText } from '../api/client.ts';
import { live } from '../api/live-socket.ts';
import type { ConsoleLine } from '../api/types.ts';
import { formatClock } from '../common/format.ts';
import { EmptyState, ErrorNote } from '../common/states.tsx';
import { mergeConsole } from './console-merge.ts';

const KEEP = 2000;

export function ConsolePanel({ script }: { script: string }) {
  const [lines, setLines] = useState<ConsoleLine[]>([]);
  const [error, setError] = useState('');
  const box = useRef<HTMLPreElement>(null);
  const follow = useRef(true);

  useEffect(() => {
    let loaded = false;
    let early: ConsoleLine[] = [];
    setLines([]);
    setError('');
    live.want('console', { consoles: [script] });
    const off = live.on('console', (m) => {
      if (m.script !== script) return;
      if (!loaded) early = early.concat(m.lines);
      else setLines((xs) => xs.concat(m.lines).slice(-KEEP));
    });
    api.get<{ lines: ConsoleLine[] }>(`/api/scripts/${encodeURIComponent(script)}/console`, { limit: 500 }).then(
      (r) => {
        loaded = true;
        setLines(mergeConsole(r.lines, early).slice(-KEEP));
      },
      (e) => {
        loaded = true;
        setLines(early);
        setError(errorText(e));
      },
    );
    return () => {
      off();
      live.want('console', null);
    };
  }, [script]);

  useLayoutEffect(() => {
    const el = box.current;
    if (el && follow.current) el.scrollTop = el.scrollHeight;
  }, [lines]);

  return (
    <div class="console-panel">
      <div class="panel-bar small">
        <span class="muted">
          {lines.length} {lines.length === 1 ? 'line' : 'lines'}
        </span>
        <span class="spacer" />
        <button class="btn btn-small" onClick={() => setLines([])} title="Clear this view (the script's console is kept on the server)">
          Clear view
        </button>
      </div>
      {error ? <ErrorNote error={error} /> : null}
      {lines.length === 0 ? (
        <EmptyState title="Console is empty">Lines the script writes with console.log appear here live.</EmptyState>
      ) : (
        <pre
          ref={box}
          class="console mono"
          data-testid="console-lines"
          onScroll={(e) => {
            const el = e.currentTarget as HTMLElement;
            follow.current = el.scrollTop + el.clientHeight >= el.scrollHeight - 8;
          }}
        >
          {lines.map((l, i) => (
            <div key={i} class={`cline ${l.level === 'error' ? 'cline-error' : ''}`}>
              <span class="cts">{formatClock(l.ts)}</span> {l.text}
            </div>
          ))}
        </pre>
      )}
    </div>
  );
}
