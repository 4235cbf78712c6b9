/**
 * Builds a recording archive — `<name>_wirehook_<unix>.tar.gz` — from one cut:
 *
 *   capture.pcap          the packets of the cut's streams, merged in time order
 *   items.ndjson          the matching items, one JSON object per line
 *   name-resolution.json  pcap.nameResolutionHistory() at the time of the cut
 *   recording.json        what this is: recording, filter, window, cut reason, counts
 *
 * on the same stores and history the pcap.* helpers use. Files sit at the archive's root.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { create as tarCreate } from 'tar';
import type { NameResolutionHistory } from '../../capture/store/dns-name-history.ts';
import { mergeToPcap } from '../../capture/store/pcap-merge.ts';
import type { StreamSlice, StreamStore } from '../../capture/store/stream-store.ts';
import type { CutBatch } from './window-collector.ts';

export const ARCHIVE_MEMBERS = ['capture.pcap', 'items.ndjson', 'name-resolution.json', 'recording.json'] as const;

export interface ArchiveInput {
  batch: CutBatch;
  /** Stream slices taken at the cut (null store: no packets recorded on this node). */
  store: StreamStore | null;
  slices: StreamSlice[];
  history: NameResolutionHistory;
  meta: Record<string, unknown>;
  /** Where the .tar.gz goes. */
  out: string;
}

export interface ArchiveResult {
  packets: number;
  /** Packets evicted from the stream store before the cut could read them. */
  missingPackets: number;
}

export async function writeArchive(a: ArchiveInput): Promise<ArchiveResult> {
  const dir = a.batch.dir;
  await a.batch.closed;
  const pcap = path.join(dir, 'capture.pcap');
  const res = a.store && a.slices.length > 0 ? await a.store.writeSlices(a.slices, pcap) : { ...(await mergeToPcap([], pcap)), missing: 0 };
  const result: ArchiveResult = { packets: res.packets, missingPackets: res.missing };
  await writeFile(path.join(dir, 'name-resolution.json'), JSON.stringify(a.history));
  await writeFile(path.join(dir, 'recording.json'), JSON.stringify({ ...a.meta, items: a.batch.items, packets: res.packets, missingPackets: res.missing }, null, 2));
  await tarCreate({ gzip: true, file: a.out, cwd: dir, portable: true }, [...ARCHIVE_MEMBERS]);
  return result;
}
