/**
 * Recorder benchmark: what recording costs while a capture replays. The same HTTP/1.1
 * corpus runs through the full pipeline three ways, each in-process with fresh data dirs:
 *   1. pipeline only (baseline);
 *   2. pipeline + stream store (every packet recorded by stream into segment files);
 *   3. pipeline + stream store + recorder collecting every item of an open window, then
 *      the cut: pcap of all streams + items NDJSON + name history → tar.gz in the spool.
 * Rows report items/s and capture MB/s for each, the recorder's end-to-end rate into the
 * spool (replay + cut until the archive is spooled) and the cut alone. Uploads are not
 * part of it (the destination is a folder; the spool uploads in the background).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Pipeline } from '../capture/pipeline.ts';
import { DnsNameHistory } from '../capture/store/dns-name-history.ts';
import { StreamStore } from '../capture/store/stream-store.ts';
import { readPcapFile } from '../capture/source/pcap-file.ts';
import { defaultConfig } from '../runtime/config.ts';
import { Recorder } from '../runtime/recorder/recorder.ts';
import { httpCorpus } from './corpus.ts';
import { median, type Bench, type BenchRow } from './harness.ts';

interface Pass {
  seconds: number;
  items: number;
  cutSeconds: number;
  archiveBytes: number;
}

async function pass(file: string, mode: 'pipeline' | 'store' | 'recorder'): Promise<Pass> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wh-bench-rec-'));
  try {
    const store = mode === 'pipeline' ? null : await StreamStore.open({ dir: path.join(dir, 'streams'), maxBytes: 4096 << 20, maxAgeMs: 3_600_000, segmentBytes: 64 << 20, segmentMs: 600_000, maxPendingBytes: 512 << 20, maintainMs: 0 });
    let recorder: Recorder | null = null;
    const history = new DnsNameHistory();
    if (mode === 'recorder') {
      const config = defaultConfig();
      config.recording.local.folder = path.join(dir, 'out');
      recorder = await Recorder.open({ dataDir: dir, config, node: { name: 'bench', ip: '127.0.0.1' }, store, history: () => history, tickMs: 0 });
      await recorder.create({ name: 'all', filter: '', durationMs: 3_600_000 });
    }
    let items = 0;
    const onItem = recorder ? (i: Parameters<Recorder['onItem']>[0]) => (items++, recorder!.onItem(i)) : () => void items++;
    const p = new Pipeline({ onItem, onFlowPacket: store?.tap });
    const t0 = performance.now();
    await readPcapFile(file, (raw) => p.push(raw));
    p.finish();
    const t1 = performance.now();
    let archiveBytes = 0;
    if (recorder) {
      const a = await recorder.flush('all');
      archiveBytes = a?.size ?? 0;
    }
    const t2 = performance.now();
    await recorder?.close();
    await store?.close();
    return { seconds: (t2 - t0) / 1000, items, cutSeconds: (t2 - t1) / 1000, archiveBytes };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

export const recorderBench: Bench = {
  area: 'recorder',
  async run({ quick }) {
    const connections = quick ? 2_000 : 10_000;
    const reps = quick ? 1 : 3;
    const file = httpCorpus(connections);
    const mb = statSync(file).size / 1e6;
    const rows: BenchRow[] = [];
    const modes = ['pipeline', 'store', 'recorder'] as const;
    const results: Record<string, Pass[]> = { pipeline: [], store: [], recorder: [] };
    for (const m of modes) await pass(file, m);
    for (let r = 0; r < reps; r++) for (const m of modes) results[m].push(await pass(file, m));
    const med = (m: string, f: (p: Pass) => number) => median(results[m].map(f));
    const items = results.pipeline[0].items;
    const replay = (m: string) => med(m, (p) => p.seconds - p.cutSeconds);
    rows.push({ name: 'replay, pipeline only (baseline)', value: items / replay('pipeline'), unit: 'items/s', note: `${(mb / replay('pipeline')).toFixed(0)} MB/s of capture` });
    rows.push({ name: 'replay + stream store (every packet by stream)', value: items / replay('store'), unit: 'items/s', note: `${(mb / replay('store')).toFixed(0)} MB/s of capture` });
    rows.push({ name: 'replay + stream store + recorder collecting every item', value: items / replay('recorder'), unit: 'items/s', note: `${(mb / replay('recorder')).toFixed(0)} MB/s of capture` });
    rows.push({ name: 'recorder end to end: replay + cut until the archive is in the spool', value: items / med('recorder', (p) => p.seconds), unit: 'items/s', note: `${(mb / med('recorder', (p) => p.seconds)).toFixed(0)} MB/s of capture into the spool` });
    rows.push({ name: 'cut: merged pcap + NDJSON + tar.gz of the window', value: med('recorder', (p) => p.cutSeconds), unit: 's', note: `archive ${(med('recorder', (p) => p.archiveBytes) / 1e6).toFixed(1)} MB, ${(mb / med('recorder', (p) => p.cutSeconds)).toFixed(0)} MB/s of capture` });
    return {
      area: 'recorder',
      method: `${connections.toLocaleString('en')} synthesized HTTP/1.1 connections (${items.toLocaleString('en')} items, ${mb.toFixed(1)} MB pcap from bench/.corpus), replayed in-process from the page cache through the full pipeline; fresh data dir per run; one warm-up pass of each mode, then the median of ${reps}. Recorder: one open window with an empty filter (every item and every stream), cut on demand into the spool (folder destination; upload not timed).`,
      rows,
    };
  },
};
