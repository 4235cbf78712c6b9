/**
 * Replaying a capture at its recorded pace (`wirehook worker --pcap FILE --speed X`), like
 * tcpreplay: packets keep their own timestamps, but are delivered when the wall clock has
 * advanced (packet time − first packet time) / speed since the start. Pacing is per read
 * chunk (64 KiB), so packets within a chunk arrive together. Stopping cuts the wait short.
 * Use it to turn a capture into steady live-like traffic for demos and tests.
 */
import { readPcapFile } from '../../capture/source/pcap-file.ts';
import { packetTimeMs } from '../../capture/source/raw-packet.ts';
import type { PacketSource } from '../roles/packet-source.ts';

export function pacedPcapSource(path: string, speed: number): PacketSource {
  if (!(speed > 0) || !Number.isFinite(speed)) throw new RangeError(`replay speed must be a positive number, got ${speed}`);
  return {
    name: `pcap:${path}@${speed}x`,
    async run(push, signal) {
      const wall0 = Date.now();
      let first = NaN;
      let last = NaN;
      await readPcapFile(
        path,
        (raw) => {
          last = packetTimeMs(raw);
          if (first !== first) first = last;
          push(raw);
        },
        { signal, chunkSize: 64 * 1024, afterChunk: () => sleepUntil(wall0 + (last - first) / speed, signal) },
      );
    },
  };
}

function sleepUntil(wallMs: number, signal: AbortSignal): Promise<void> {
  const wait = wallMs - Date.now();
  if (!(wait > 0) || signal.aborted) return new Promise((r) => setImmediate(r));
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, wait);
    signal.addEventListener('abort', done, { once: true });
  });
}
