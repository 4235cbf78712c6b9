/**
 * A packet source the test feeds: it stays open (like live capture) and pushes the
 * packets of a capture file whenever `feed(file)` is called, all through ONE pipeline —
 * so stream ids (and item ids) keep increasing as in a live capture.
 */
import { readPcapFile } from '../../../capture/source/pcap-file.ts';
import type { RawPacket } from '../../../capture/source/raw-packet.ts';
import type { PacketSource } from '../../../runtime/roles/packet-source.ts';

export interface FedSource extends PacketSource {
  /** Push every packet of `file`; resolves when all were pushed. */
  feed(file: string): Promise<void>;
}

export function fedSource(name = 'test-feed'): FedSource {
  let push: ((raw: RawPacket) => void) | null = null;
  let ready: () => void = () => undefined;
  const started = new Promise<void>((r) => (ready = r));
  return {
    name,
    run(p, signal) {
      push = p;
      ready();
      return new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    },
    async feed(file) {
      await started;
      await readPcapFile(file, (raw) => push!(raw), { chunkSize: 256 * 1024, afterChunk: () => new Promise((r) => setImmediate(r)) });
    },
  };
}
