/**
 * Replay a capture file through a pipeline. With `onPacketTime`, the callback runs before
 * each packet with its time and may return a promise (offline script runs advance their
 * virtual clock and drain scripts there); replay waits for it, so every packet is pushed
 * strictly after the callback for its time has finished. Without it, packets are pushed
 * as fast as the file is read. The pipeline is finished in every case, also when the file
 * turns out truncated or corrupt (the PcapFormatError is rethrown after).
 */
import type { Pipeline } from './pipeline.ts';
import { readPcapFile, type PcapReadSummary } from './source/pcap-file.ts';
import { packetTimeMs, type RawPacket } from './source/raw-packet.ts';

export interface ReplayOptions {
  onPacketTime?(tsMs: number): void | Promise<void>;
  signal?: AbortSignal;
}

export async function replayPcapFile(path: string, pipeline: Pipeline, opts: ReplayOptions = {}): Promise<PcapReadSummary> {
  const tick = opts.onPacketTime;
  try {
    if (!tick) return await readPcapFile(path, (p) => pipeline.push(p), { signal: opts.signal });
    // Packets of a chunk stay valid until the next chunk is parsed (the reader double-buffers).
    let batch: RawPacket[] = [];
    return await readPcapFile(path, (p) => batch.push(p), {
      signal: opts.signal,
      afterChunk: async () => {
        const b = batch;
        batch = [];
        for (const p of b) {
          const r = tick(packetTimeMs(p));
          if (r) await r;
          pipeline.push(p);
        }
      },
    });
  } finally {
    // A truncated or corrupt file still ends its flows: what was valid becomes items.
    pipeline.finish();
  }
}
