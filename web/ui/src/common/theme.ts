/**
 * Light and dark themes: `data-theme` on <html> drives the CSS variables; the choice is
 * remembered, and the system preference decides the first time.
 */
import { useEffect, useState } from 'preact/hooks';
import { loadStored, saveStored } from './use-stored.ts';

export type Theme = 'light' | 'dark';

const listeners = new Set<(t: Theme) => void>();

function initial(): Theme {
  const stored = loadStored<Theme | null>('theme', null);
  if (stored === 'light' || stored === 'dark') return stored;
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: light)').matches ? 'light' : 'dark';
}

let current: Theme = initial();

export function applyTheme(): void {
  document.documentElement.dataset.theme = current;
}

export function setTheme(t: Theme): void {
  current = t;
  saveStored('theme', t);
  applyTheme();
  for (const l of listeners) l(t);
}

export function useTheme(): [Theme, () => void] {
  const [t, setT] = useState(current);
  useEffect(() => {
    listeners.add(setT);
    return () => listeners.delete(setT);
  }, []);
  return [t, () => setTheme(current === 'dark' ? 'light' : 'dark')];
}
