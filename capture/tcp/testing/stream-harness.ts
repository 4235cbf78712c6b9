/**
 * A `StreamReassembler` wired to a recorder, addressed by data offsets instead of raw
 * sequence numbers: `h.send(5, 'world')` sends bytes 5..9 of the stream (sequence number
 * ISN+1+5), `h.ack(10)` has the peer acknowledge the first 10 bytes.
 */
import { Weirds } from '../../weird.ts';
import { ReassemblyBudget } from '../reassembly-budget.ts';
import { seqAdd } from '../seq.ts';
import { StreamReassembler } from '../stream-reassembler.ts';
import type { TcpVerdict } from '../tcp-verdict.ts';
import { tcpFlags } from '../../flow/testing/packets.ts';
import { RecordingConsumer } from './recording-consumer.ts';

export interface HarnessOptions {
  /** Initial sequence number (default 1000). */
  isn?: number;
  /** Send a SYN first (default true); otherwise the first segment picks the stream up. */
  syn?: boolean;
  maxBufferedBytes?: number;
  budget?: ReassemblyBudget;
}

export interface StreamHarness {
  s: StreamReassembler;
  out: RecordingConsumer;
  budget: ReassemblyBudget;
  weirds: Weirds;
  /** Sequence number of data offset `off`. */
  seqOf(off: number): number;
  /** Send `data` at data offset `off` with flags (letters, e.g. 'F'); `wire` = length on the wire. */
  send(off: number, data: string | Uint8Array, flags?: string, wire?: number): TcpVerdict;
  /** The peer acknowledges data offsets before `off`. */
  ack(off: number): void;
}

export function streamHarness(o: HarnessOptions = {}): StreamHarness {
  const isn = (o.isn ?? 1000) >>> 0;
  const out = new RecordingConsumer();
  const budget = o.budget ?? new ReassemblyBudget();
  const weirds = new Weirds();
  const s = new StreamReassembler(0, out, {
    budget,
    maxBufferedBytes: o.maxBufferedBytes ?? 4 * 1024 * 1024,
    maxSeqJump: 1 << 30,
    weirds,
  });
  const seqOf = (off: number) => seqAdd(isn, 1 + off);
  let ts = 0;
  if (o.syn ?? true) s.segment(isn, tcpFlags('S'), new Uint8Array(0), 0, ts);
  return {
    s,
    out,
    budget,
    weirds,
    seqOf,
    send(off, data, flags = 'A', wire) {
      const bytes = typeof data === 'string' ? new Uint8Array(Buffer.from(data, 'latin1')) : data;
      return s.segment(seqOf(off), tcpFlags(flags), bytes, wire ?? bytes.length, ++ts);
    },
    ack(off) {
      s.acked(seqOf(off), ++ts);
    },
  };
}
