/**
 * Where a node's packets come from. A source pushes raw packets into its pipeline until it
 * ends (end of a file) or is stopped (live capture, demo). Sources: pcap replay (here),
 * the demo generator (capture/synth) and live capture agents (capture/live).
 */
import { readPcapFile } from '../../capture/source/pcap-file.ts';
import type { RawPacket } from '../../capture/source/raw-packet.ts';

export interface PacketSource {
  /** Shown in logs and stats, e.g. "pcap:/tmp/x.pcap", "demo", "live:eth0". */
  readonly name: string;
  /**
   * Push packets until the source ends or `signal` aborts. Resolves when done; rejects on
   * a source error (after pushing every valid packet).
   */
  run(push: (raw: RawPacket) => void, signal: AbortSignal): Promise<void>;
}

/** Replay a capture file as fast as it can be read (yielding to the event loop per chunk). */
export function pcapFileSource(path: string): PacketSource {
  return {
    name: `pcap:${path}`,
    async run(push, signal) {
      await readPcapFile(path, push, {
        signal,
        chunkSize: 256 * 1024,
        afterChunk: () => new Promise((r) => setImmediate(r)),
      });
    },
  };
}
