/**
 * A FrameSink that writes synthesized frames to a pcap file (or keeps them in memory),
 * through the project's PcapWriter. Times are epoch ms; nanosecond pcap keeps them exact.
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { PcapWriter } from '../source/pcap-writer.ts';
import type { FrameSink } from './tcp-conversation.ts';

export interface PcapFileSink extends FrameSink {
  readonly packets: number;
  close(): void;
}

function toSecNsec(tMs: number): [number, number] {
  const sec = Math.floor(tMs / 1000);
  return [sec, Math.min(999_999_999, Math.round((tMs - sec * 1000) * 1e6))];
}

export function pcapFileSink(path: string): PcapFileSink {
  const fd = openSync(path, 'w');
  const w = new PcapWriter({ nanosecond: true, sink: (c) => void writeSync(fd, c) });
  w.writeHeader();
  return {
    get packets() {
      return w.packets;
    },
    frame(t, data) {
      const [s, ns] = toSecNsec(t);
      w.write(s, ns, data);
    },
    close() {
      w.flush();
      closeSync(fd);
    },
  };
}

/** Collects frames into an in-memory pcap (for tests). */
export function pcapMemorySink(): FrameSink & { toBuffer(): Buffer } {
  const w = new PcapWriter({ nanosecond: true });
  return {
    frame(t, data) {
      const [s, ns] = toSecNsec(t);
      w.write(s, ns, data);
    },
    toBuffer: () => w.toBuffer(),
  };
}
