/**
 * Joining a console's history (REST) with lines that arrived on the WebSocket while it
 * loaded: the overlap is dropped by time and text. Pure.
 */
import type { ConsoleLine } from '../api/types.ts';

/** `history` then the `live` lines not already in it (same time and text). */
export function mergeConsole(history: ConsoleLine[], liveLines: ConsoleLine[]): ConsoleLine[] {
  const last = history.length ? history[history.length - 1].ts : -Infinity;
  const seen = new Set(history.filter((l) => l.ts === last).map((l) => `${l.level}\u0000${l.text}`));
  return [...history, ...liveLines.filter((l) => l.ts > last || (l.ts === last && !seen.has(`${l.level}\u0000${l.text}`)))];
}
