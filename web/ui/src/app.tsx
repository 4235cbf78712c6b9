/**
 * The dashboard shell: header (pages, live status and capture stats, theme, token),
 * hash routing (#/traffic, #/maps, #/scripts, #/recordings), the token dialog and the
 * keyboard help. Keys: 1–4 switch pages, `?` lists the shortcuts.
 */
import { useEffect, useState } from 'preact/hooks';
import { onUnauthorized } from './api/client.ts';
import { live, type SocketState } from './api/live-socket.ts';
import { getToken, onTokenChange } from './api/token.ts';
import type { Stats } from './api/types.ts';
import { formatCount } from './common/format.ts';
import { useHotkeys } from './common/hotkeys.ts';
import { KeyboardHelp } from './common/keyboard-help.tsx';
import { useTheme } from './common/theme.ts';
import { Toasts } from './common/toast.tsx';
import { TokenDialog } from './common/token-dialog.tsx';
import { MapsPage } from './maps/maps-page.tsx';
import { RecordingsPage } from './recordings/recordings-page.tsx';
import { ScriptsPage } from './scripts/scripts-page.tsx';
import { TrafficPage } from './traffic/traffic-page.tsx';

type Page = 'traffic' | 'maps' | 'scripts' | 'recordings';
const PAGES: { id: Page; label: string }[] = [
  { id: 'traffic', label: 'Traffic' },
  { id: 'maps', label: 'Maps' },
  { id: 'scripts', label: 'Scripts' },
  { id: 'recordings', label: 'Recordings' },
];

function pageFromHash(): Page {
  const p = location.hash.replace(/^#\/?/, '').split(/[?&/]/)[0];
  return PAGES.some((x) => x.id === p) ? (p as Page) : 'traffic';
}

const SOCKET_TEXT: Record<SocketState, string> = { open: 'live', connecting: 'connecting…', closed: 'reconnecting…', 'no-token': 'no token' };

export function App() {
  const [page, setPage] = useState<Page>(pageFromHash);
  const [socket, setSocket] = useState<SocketState>(live.state);
  const [stats, setStats] = useState<Stats | null>(null);
  const [tokenDialog, setTokenDialog] = useState(!getToken());
  const [help, setHelp] = useState(false);
  const [theme, toggleTheme] = useTheme();

  useEffect(() => {
    const onHash = () => setPage(pageFromHash());
    window.addEventListener('hashchange', onHash);
    onUnauthorized(() => setTokenDialog(true));
    const offToken = onTokenChange((t) => t && setTokenDialog(false));
    const offState = live.onState(setSocket);
    const offStats = live.on('stats', (m) => setStats(m));
    live.want('app', { stats: true });
    live.start();
    return () => {
      window.removeEventListener('hashchange', onHash);
      offToken();
      offState();
      offStats();
    };
  }, []);

  const go = (p: Page) => {
    location.hash = `#/${p}`;
  };
  useHotkeys({
    '1': () => go('traffic'),
    '2': () => go('maps'),
    '3': () => go('scripts'),
    '4': () => go('recordings'),
    '?': () => setHelp(true),
  });

  const drops = stats ? Object.values(stats.drops ?? {}).reduce((a, b) => a + (Number(b) || 0), 0) : 0;
  return (
    <div class="app">
      <header class="topbar">
        <a class="brand" href="#/traffic" aria-label="Wirehook">
          <span class="logo" aria-hidden="true">
            ⌁
          </span>
          wirehook
        </a>
        <nav class="nav" aria-label="Pages">
          {PAGES.map((p, i) => (
            <a key={p.id} href={`#/${p.id}`} class={page === p.id ? 'nav-item on' : 'nav-item'} aria-current={page === p.id ? 'page' : undefined} title={`${p.label} (${i + 1})`}>
              {p.label}
            </a>
          ))}
        </nav>
        <span class="spacer" />
        {stats ? (
          <span class="topstats small" data-testid="topstats" title={`node ${stats.node} (${stats.role}), up ${Math.round(stats.uptimeS)} s`}>
            <span>{formatCount(stats.itemsPerSec)} items/s</span>
            <span>{formatCount(stats.items)} items</span>
            <span>{formatCount(stats.packets)} pkts</span>
            <span class={drops ? 'bad' : ''}>{formatCount(drops)} drops</span>
          </span>
        ) : null}
        <button class={`live-dot live-${socket}`} onClick={() => socket === 'no-token' && setTokenDialog(true)} title="Live connection" data-testid="live-state">
          {SOCKET_TEXT[socket]}
        </button>
        <button class="btn btn-small" onClick={() => setTokenDialog(true)} title="Dashboard token">
          Token
        </button>
        <button class="btn btn-small" onClick={toggleTheme} aria-label={`Switch to ${theme === 'dark' ? 'light' : 'dark'} theme`} data-testid="theme-toggle">
          {theme === 'dark' ? '☀' : '☾'}
        </button>
        <button class="btn btn-small" onClick={() => setHelp(true)} aria-label="Keyboard shortcuts">
          ?
        </button>
      </header>
      <main class="main">
        {page === 'traffic' ? <TrafficPage /> : page === 'maps' ? <MapsPage /> : page === 'scripts' ? <ScriptsPage /> : <RecordingsPage />}
      </main>
      {tokenDialog ? <TokenDialog onClose={() => setTokenDialog(false)} /> : null}
      {help ? <KeyboardHelp onClose={() => setHelp(false)} /> : null}
      <Toasts />
    </div>
  );
}
