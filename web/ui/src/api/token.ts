/**
 * The dashboard token (needed for every change and for the live WebSocket). It comes
 * from `#token=<t>` in the URL `wirehook start` prints (taken once, then removed from the
 * address bar) or from the token dialog, and is remembered in localStorage.
 */
const KEY = 'wirehook.token';

type Listener = (token: string | null) => void;
const listeners = new Set<Listener>();

function read(): string | null {
  try {
    return localStorage.getItem(KEY);
  } catch {
    return null;
  }
}

let current: string | null = read();

export function getToken(): string | null {
  return current;
}

export function setToken(token: string | null): void {
  current = token && token.trim() ? token.trim() : null;
  try {
    if (current) localStorage.setItem(KEY, current);
    else localStorage.removeItem(KEY);
  } catch {
    /* private mode: the token lives for this page only */
  }
  for (const l of listeners) l(current);
}

export function onTokenChange(l: Listener): () => void {
  listeners.add(l);
  return () => listeners.delete(l);
}

/** Take `token=` out of the location hash (`#token=abc` or `#/maps&token=abc`). */
export function adoptTokenFromHash(): void {
  const hash = location.hash;
  const m = /(?:^#|[&?/])token=([^&]+)/.exec(hash);
  if (!m) return;
  setToken(decodeURIComponent(m[1]));
  const rest = hash.replace(m[0], '').replace(/^#[&?]/, '#');
  history.replaceState(null, '', location.pathname + location.search + (rest === '#' ? '' : rest));
}
