/**
 * Configuration errors: a stable code, the key path (`scripting.limits.timeoutMs`) and a
 * hint that says what to do. The CLI prints `code: message` and the hint, exit 2.
 */
export type ConfigErrorCode =
  | 'ERR_CONFIG_NOT_FOUND'
  | 'ERR_CONFIG_PARSE'
  | 'ERR_CONFIG_UNKNOWN_KEY'
  | 'ERR_CONFIG_TYPE'
  | 'ERR_CONFIG_RANGE';

export class ConfigError extends Error {
  constructor(
    readonly code: ConfigErrorCode,
    /** Key path, e.g. 'dashboard.port' ('' for the whole file). */
    readonly path: string,
    message: string,
    readonly hint: string,
  ) {
    super(path ? `${path}: ${message}` : message);
  }
}

/** Closest candidate by edit distance (for "did you mean"), if close enough. */
export function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = distance(word.toLowerCase(), c.toLowerCase());
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function distance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}
