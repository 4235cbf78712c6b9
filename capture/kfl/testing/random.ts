/**
 * Seeded randomness for fuzz tests and benchmark corpora (mulberry32: fast, repeatable).
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Integer in [0, n). */
  int(n: number): number;
  pick<T>(xs: readonly T[]): T;
  chance(p: number): boolean;
}

export function rng(seed: number): Rng {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = a;
    x = Math.imul(x ^ (x >>> 15), x | 1);
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61);
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n) => Math.floor(next() * n),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    chance: (p) => next() < p,
  };
}

const KEYS = ['a', 'b', 'status', 'path', 'protocol', 'macro', 'request', 'response', 'headers', 'text', 'src', 'dst', 'namespace', 'items', 'id', '0', '__proto__', 'constructor', 'Name', 'length'];
const STRINGS = ['', 'http', 'dns', '500', '8080', '/api/v1/users/1', 'eyJhIjoxfQ==', '{"a":[1,2]}', 'not json', '2023-11-14T22:13:20Z', 'ns1', 'ü😀', 'curl/8.4.0', 'true', 'null', '[[[['];

/** A random JSON value (depth-limited), with keys and strings that filters are likely to touch. */
export function randomJson(r: Rng, depth = 4): unknown {
  const k = r.int(depth > 0 ? 9 : 6);
  switch (k) {
    case 0:
      return null;
    case 1:
      return r.chance(0.5);
    case 2:
      return r.pick([0, 1, -1, 200, 404, 500, 8080, 1.5, 1e21, -0, Number.MAX_SAFE_INTEGER]);
    case 3:
    case 4:
      return r.pick(STRINGS);
    case 5:
      return r.int(1_000_000).toString(36);
    case 6:
      return Array.from({ length: r.int(4) }, () => randomJson(r, depth - 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = r.int(5); i > 0; i--) Object.defineProperty(o, r.pick(KEYS), { value: randomJson(r, depth - 1), enumerable: true, writable: true, configurable: true });
      return o;
    }
  }
}

/** A copy of `item` with a few values at random paths replaced by random JSON. */
export function mutateJson(r: Rng, item: unknown, edits: number): unknown {
  const copy = structuredClone(item) as Record<string, unknown>;
  for (let e = 0; e < edits; e++) {
    let cur: Record<string, unknown> = copy;
    for (let d = 0; d < 4; d++) {
      const keys = Object.keys(cur);
      if (keys.length === 0) break;
      const k = r.pick(keys);
      const v = cur[k];
      if (d === 3 || v === null || typeof v !== 'object' || r.chance(0.3)) {
        cur[k] = randomJson(r, 2);
        break;
      }
      cur = v as Record<string, unknown>;
    }
  }
  return copy;
}
