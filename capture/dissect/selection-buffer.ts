/**
 * The bytes a flow session holds while it is still choosing a dissector (session.ts):
 * per direction, a copy of at most `limit` first bytes (the detect sample, also replayed
 * to the winner), and the events in arrival order so the winner sees exactly what
 * happened. Bytes that arrive in a direction that is already full while nothing matched
 * are not kept: they are replayed as a gap of the same length.
 */
import type { Direction, FlowInfo } from '../flow/flow.ts';
import type { DissectorRegistry } from './registry.ts';
import { CONFIDENT, chooseDissector } from './select.ts';
import type { Choice } from './select.ts';

export interface ReplayTarget {
  replayData(dir: Direction, bytes: Uint8Array, tsMs: number): void;
  replayGap(dir: Direction, length: number, tsMs: number): void;
}

interface Buffered {
  dir: Direction;
  /** Byte range in `head[dir]`, or a gap when `gap > 0`. */
  start: number;
  end: number;
  gap: number;
  tsMs: number;
}

export class SelectionBuffer {
  private readonly registry: DissectorRegistry;
  private readonly flow: FlowInfo;
  private readonly limit: number;
  private readonly waitLimit: number;
  private readonly weird: (name: string) => void;
  private readonly head: [Uint8Array | null, Uint8Array | null] = [null, null];
  private readonly have = [0, 0];
  private readonly skipped = [0, 0];
  private readonly events: Buffered[] = [];

  constructor(registry: DissectorRegistry, flow: FlowInfo, limit: number, waitLimit: number, weird: (name: string) => void) {
    this.registry = registry;
    this.flow = flow;
    this.limit = Math.max(1, limit);
    this.waitLimit = waitLimit;
    this.weird = weird;
  }

  /** Nothing was offered yet (no payload and no gap in either direction). */
  get empty(): boolean {
    return this.events.length === 0;
  }

  /**
   * Offer a data event. Returns null when the event was buffered (still selecting), or the
   * final choice — then the event was *not* buffered and the caller feeds it after replay.
   */
  offer(dir: Direction, bytes: Uint8Array, tsMs: number): Choice | null {
    const other = (dir ^ 1) as Direction;
    if (this.flow.transport === 'udp') {
      const samples: [Uint8Array | null, Uint8Array | null] = [null, null];
      samples[dir] = bytes;
      return chooseDissector(this.registry, this.flow, samples, this.weird);
    }
    const have = this.have[dir];
    const room = this.limit - have;
    const n = Math.min(room, bytes.length);
    let sample: Uint8Array;
    if (have === 0) sample = bytes.subarray(0, n);
    else {
      const h = this.head[dir]!;
      if (n > 0) h.set(bytes.subarray(0, n), have);
      sample = h.subarray(0, have + n);
    }
    const samples: [Uint8Array | null, Uint8Array | null] = [null, null];
    samples[dir] = sample;
    samples[other] = this.sample(other);
    const choice = chooseDissector(this.registry, this.flow, samples, this.weird);
    const full = have + bytes.length >= this.limit;
    if (choice.score >= CONFIDENT || (full && choice.score > 0)) return choice;
    if (full && this.have[other] >= this.limit) return choice;
    if (full && this.skipped[dir] + bytes.length - n > this.waitLimit) return choice;

    if (n > 0) {
      let h = this.head[dir];
      if (!h) h = this.head[dir] = new Uint8Array(this.limit);
      if (have === 0) h.set(sample, 0);
      this.events.push({ dir, start: have, end: have + n, gap: 0, tsMs });
      this.have[dir] = have + n;
    }
    const rest = bytes.length - n;
    if (rest > 0) {
      this.skipped[dir] += rest;
      this.events.push({ dir, start: 0, end: 0, gap: rest, tsMs });
    }
    return null;
  }

  /**
   * A gap in `dir`. Before any byte of that direction it is only recorded (the sample
   * then starts after it) and selection goes on: returns false. Otherwise the sample can
   * not grow past the gap: returns true, and the caller decides now.
   */
  noteGap(dir: Direction, length: number, tsMs: number): boolean {
    if (this.have[dir] > 0) return true;
    this.events.push({ dir, start: 0, end: 0, gap: length, tsMs });
    return false;
  }

  /** Final choice with what is buffered (on a gap or at the end of the flow). */
  decide(): Choice {
    return chooseDissector(this.registry, this.flow, [this.sample(0), this.sample(1)], this.weird);
  }

  /** Feed the buffered events in order, then `current` if given. */
  replay(target: ReplayTarget, current: { dir: Direction; bytes: Uint8Array; tsMs: number } | null): void {
    for (const ev of this.events) {
      if (ev.gap > 0) target.replayGap(ev.dir, ev.gap, ev.tsMs);
      else target.replayData(ev.dir, this.head[ev.dir]!.subarray(ev.start, ev.end), ev.tsMs);
    }
    if (current) target.replayData(current.dir, current.bytes, current.tsMs);
  }

  private sample(dir: Direction): Uint8Array | null {
    const h = this.head[dir];
    return h && this.have[dir] > 0 ? h.subarray(0, this.have[dir]) : null;
  }
}
