/**
 * The browser's ELK: elkjs' API object driving `elk-worker.min.js` (copied next to the
 * bundle by build.ts) in a Web Worker, so a layout never blocks the page. One worker,
 * created on first use and shared by every map.
 */
import ELK from 'elkjs/lib/elk-api.js';
import type { ElkLike } from './layout-engine.ts';

export const ELK_WORKER_URL = 'assets/elk-worker.min.js';

let shared: ElkLike | null = null;

export function browserElk(workerUrl = ELK_WORKER_URL): ElkLike {
  if (!shared) shared = new ELK({ workerUrl });
  return shared;
}
