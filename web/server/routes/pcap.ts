/**
 * PCAP download of the streams behind matching items (docs/api.md):
 *
 *   GET /api/pcap?filter=KFL&from&to → application/vnd.tcpdump.pcap attachment
 *
 * The raw packets live in the stream store (DESIGN.md §6), which the storage feature
 * offers as `node.services.streams`; this route picks the streams — those of the items in
 * the window that match (up to MAX_STREAMS, scanning at most MAX_SCAN items) — has them
 * merged into a temporary file under `<dataDir>/tmp` and streams it (deleted afterwards).
 * Without a stream store: 501 ERR_NOT_AVAILABLE; nothing matching: 404 ERR_NO_PACKETS.
 */
import type Router from '@koa/router';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { HttpError } from '../http-server.ts';
import type { DashboardContext } from './dashboard-context.ts';
import { filterParam, timeParam } from './query-params.ts';

/**
 * The part of the stream store (`node.services.streams`, capture/store/stream-store.ts)
 * this route uses: the slices of named streams (item `stream` values, e.g.
 * `000000000042.pcap`) merged in time order into one pcap file.
 */
export interface StreamSlices {
  slice(name: string): object | null;
  writeSlices(slices: object[], out: string): Promise<unknown>;
}

export const MAX_STREAMS = 10_000;
const MAX_SCAN = 200_000;

function streamsOf(services: object): StreamSlices | null {
  const s = (services as { streams?: unknown }).streams as Partial<StreamSlices> | null | undefined;
  return s && typeof s === 'object' && typeof s.slice === 'function' && typeof s.writeSlices === 'function' ? (s as StreamSlices) : null;
}

export function mountPcap(router: Router, d: DashboardContext): void {
  router.get('/api/pcap', async (ctx) => {
    const filter = filterParam(ctx, 'filter');
    const from = timeParam(ctx, 'from');
    const to = timeParam(ctx, 'to');
    const streams = streamsOf(d.node.services);
    if (!streams) throw new HttpError(501, 'ERR_NOT_AVAILABLE', 'this node keeps no raw packets (no stream store), so there is no pcap to download');
    // Only this node's streams are in its stream store (a hub's items come from its workers).
    const worker = d.node.origin.worker;
    const picked = new Set<string>();
    let before: number | null = null;
    let scanned = 0;
    while (picked.size < MAX_STREAMS && scanned < MAX_SCAN) {
      const page = await d.store.query({ filter, from, to, limit: 500, before, maxScan: MAX_SCAN - scanned });
      for (const s of page.items) if (s.item.worker === worker && typeof s.item.stream === 'string' && picked.size < MAX_STREAMS) picked.add(s.item.stream);
      scanned += page.scanned;
      if (page.next === null) break;
      before = page.next;
    }
    const slices = [...picked].map((n) => streams.slice(n)).filter((x): x is object => x !== null);
    if (!slices.length) throw new HttpError(404, 'ERR_NO_PACKETS', 'no items match this filter and window, or their packets were already evicted from the stream store');
    const dir = path.join(d.node.dataDir, 'tmp');
    await mkdir(dir, { recursive: true });
    const file = path.join(dir, `pcap-${randomUUID()}.pcap`);
    try {
      await streams.writeSlices(slices, file);
    } catch (e) {
      await rm(file, { force: true });
      throw e;
    }
    const body = createReadStream(file);
    body.once('close', () => void rm(file, { force: true }));
    ctx.set('Content-Disposition', `attachment; filename="wirehook-${Math.floor(Date.now() / 1000)}.pcap"`);
    ctx.type = 'application/vnd.tcpdump.pcap';
    ctx.body = body;
  });
}
