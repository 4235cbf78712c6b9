/**
 * Test helper: a PacketSource that replays a capture in phases, like live traffic arriving
 * while a test acts in between (flushes recordings, stops servers …). The file's packets
 * are split into `phases` parts of equal count; the first part is pushed when the source
 * starts, each `next()` pushes the next part and resolves when it was processed; the source
 * ends after the last part (or when the node stops).
 */
import { readPcapFile } from '../../../capture/source/pcap-file.ts';
import type { RawPacket } from '../../../capture/source/raw-packet.ts';
import type { PacketSource } from '../../roles/packet-source.ts';

export interface PhasedSource extends PacketSource {
  /** Push the next part; resolves once its packets went through the pipeline. */
  next(): Promise<void>;
  /** Parts pushed so far. */
  readonly pushed: number;
}

export async function phasedSource(file: string, phases: number): Promise<PhasedSource> {
  const packets: RawPacket[] = [];
  await readPcapFile(file, (p) => packets.push({ ...p, data: p.data.slice() }));
  const per = Math.ceil(packets.length / phases);
  let pushed = 0;
  let release: (() => void) | null = null;
  let done: (() => void) | null = null;
  return {
    name: `phased:${file}`,
    get pushed() {
      return pushed;
    },
    next() {
      return new Promise<void>((resolve) => {
        done = resolve;
        const r = release;
        release = null;
        r?.();
      });
    },
    async run(push, signal) {
      for (let k = 0; k < phases; k++) {
        if (k > 0) {
          await new Promise<void>((resolve) => {
            release = resolve;
            signal.addEventListener('abort', () => resolve(), { once: true });
          });
          if (signal.aborted) return;
        }
        for (const p of packets.slice(k * per, (k + 1) * per)) push(p);
        pushed++;
        const d = done;
        done = null;
        d?.();
      }
    },
  };
}
