/** A piece of UI state remembered in localStorage (theme, map settings, panel sizes). */
import { useCallback, useState } from 'preact/hooks';

export function loadStored<T>(key: string, fallback: T): T {
  try {
    const raw = localStorage.getItem(`wirehook.${key}`);
    if (raw === null) return fallback;
    const v = JSON.parse(raw) as T;
    if (fallback && typeof fallback === 'object' && !Array.isArray(fallback)) return { ...fallback, ...(v as object) };
    return v;
  } catch {
    return fallback;
  }
}

export function saveStored(key: string, value: unknown): void {
  try {
    localStorage.setItem(`wirehook.${key}`, JSON.stringify(value));
  } catch {
    /* storage full or disabled: the setting lasts for this page */
  }
}

export function useStored<T>(key: string, fallback: T): [T, (v: T | ((old: T) => T)) => void] {
  const [value, setValue] = useState<T>(() => loadStored(key, fallback));
  const set = useCallback(
    (v: T | ((old: T) => T)) => {
      setValue((old) => {
        const next = typeof v === 'function' ? (v as (o: T) => T)(old) : v;
        saveStored(key, next);
        return next;
      });
    },
    [key],
  );
  return [value, set];
}
