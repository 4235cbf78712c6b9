/**
 * The bytes a flow session holds while it is still choosing a dissector (session.ts):
 * per direction, a copy of at most `limit` first bytes (the detect sample, also replayed
 * to the winner), and the events in arrival order so the winner sees exactly what
 * happened. Bytes that arrive in a direction that is already full while nothing matched
 * are not kept: they are replayed as a gap of the same length.
 *
 * Cost: most flows are decided by their first segment, so construction allocates nothing
 * but the instance; the sample copies and the event list are created on first use, and
 * a first segment that decides is never copied.
 */
import type { Direction, FlowInfo } from '../flow/flow.ts';
import type { DissectorRegistry } from './registry.ts';
import { CONFIDENT, chooseDissector } from './select.ts';
import type { Choice, WeirdSink } from './select.ts';

export interface ReplayTarget {
  replayData(dir: Direction, bytes: Uint8Array, tsMs: number): void;
  replayGap(dir: Direction, length: number, tsMs: number): void;
}

interface Buffered {
  dir: Direction;
  /** Byte range in the direction's sample copy, or a gap when `gap > 0`. */
  start: number;
  end: number;
  gap: number;
  tsMs: number;
}

/** The samples handed to `chooseDissector` (which keeps no reference): one pair for all flows. */
const samples: [Uint8Array | null, Uint8Array | null] = [null, null];

export class SelectionBuffer {
  private readonly registry: DissectorRegistry;
  private readonly flow: FlowInfo;
  private readonly limit: number;
  private readonly waitLimit: number;
  private readonly sink: WeirdSink;
  /** Per direction: the sample copy (null until needed), bytes in it, bytes skipped. */
  private head0: Uint8Array | null = null;
  private head1: Uint8Array | null = null;
  private have0 = 0;
  private have1 = 0;
  private skipped0 = 0;
  private skipped1 = 0;
  private events: Buffered[] | null = null;

  constructor(registry: DissectorRegistry, flow: FlowInfo, limit: number, waitLimit: number, sink: WeirdSink) {
    this.registry = registry;
    this.flow = flow;
    this.limit = Math.max(1, limit);
    this.waitLimit = waitLimit;
    this.sink = sink;
  }

  /** Nothing was offered yet (no payload and no gap in either direction). */
  get empty(): boolean {
    return this.events === null || this.events.length === 0;
  }

  /**
   * Offer a data event. Returns null when the event was buffered (still selecting), or the
   * final choice — then the event was *not* buffered and the caller feeds it after replay.
   */
  offer(dir: Direction, bytes: Uint8Array, tsMs: number): Choice | null {
    if (this.flow.transport === 'udp') return this.choose(dir === 0 ? bytes : null, dir === 1 ? bytes : null);
    const have = dir === 0 ? this.have0 : this.have1;
    const room = this.limit - have;
    const n = Math.min(room, bytes.length);
    let sample: Uint8Array;
    if (have === 0) sample = n === bytes.length ? bytes : bytes.subarray(0, n);
    else {
      const h = (dir === 0 ? this.head0 : this.head1)!;
      if (n > 0) h.set(n === bytes.length ? bytes : bytes.subarray(0, n), have);
      sample = h.subarray(0, have + n);
    }
    const other = dir === 0 ? this.sample(1) : this.sample(0);
    const choice = dir === 0 ? this.choose(sample, other) : this.choose(other, sample);
    const full = have + bytes.length >= this.limit;
    if (choice.score >= CONFIDENT || (full && choice.score > 0)) return choice;
    if (full && (dir === 0 ? this.have1 : this.have0) >= this.limit) return choice;
    const skipped = dir === 0 ? this.skipped0 : this.skipped1;
    if (full && skipped + bytes.length - n > this.waitLimit) return choice;

    const events = (this.events ??= []);
    if (n > 0) {
      if (have === 0) {
        const h = new Uint8Array(this.limit);
        h.set(sample, 0);
        if (dir === 0) this.head0 = h;
        else this.head1 = h;
      }
      events.push({ dir, start: have, end: have + n, gap: 0, tsMs });
      if (dir === 0) this.have0 = have + n;
      else this.have1 = have + n;
    }
    const rest = bytes.length - n;
    if (rest > 0) {
      if (dir === 0) this.skipped0 += rest;
      else this.skipped1 += rest;
      events.push({ dir, start: 0, end: 0, gap: rest, tsMs });
    }
    return null;
  }

  /**
   * A gap in `dir`. Before any byte of that direction it is only recorded (the sample
   * then starts after it) and selection goes on: returns false. Otherwise the sample can
   * not grow past the gap: returns true, and the caller decides now.
   */
  noteGap(dir: Direction, length: number, tsMs: number): boolean {
    if ((dir === 0 ? this.have0 : this.have1) > 0) return true;
    (this.events ??= []).push({ dir, start: 0, end: 0, gap: length, tsMs });
    return false;
  }

  /** Final choice with what is buffered (on a gap or at the end of the flow). */
  decide(): Choice {
    return this.choose(this.sample(0), this.sample(1));
  }

  /** Feed the buffered events in order, then the current data event if `bytes` is given. */
  replay(target: ReplayTarget, dir: Direction, bytes: Uint8Array | null, tsMs: number): void {
    const events = this.events;
    if (events !== null) {
      for (const ev of events) {
        if (ev.gap > 0) target.replayGap(ev.dir, ev.gap, ev.tsMs);
        else target.replayData(ev.dir, (ev.dir === 0 ? this.head0 : this.head1)!.subarray(ev.start, ev.end), ev.tsMs);
      }
    }
    if (bytes !== null) target.replayData(dir, bytes, tsMs);
  }

  private choose(s0: Uint8Array | null, s1: Uint8Array | null): Choice {
    samples[0] = s0;
    samples[1] = s1;
    const choice = chooseDissector(this.registry, this.flow, samples, this.sink);
    samples[0] = samples[1] = null;
    return choice;
  }

  private sample(dir: Direction): Uint8Array | null {
    const h = dir === 0 ? this.head0 : this.head1;
    const have = dir === 0 ? this.have0 : this.have1;
    return h !== null && have > 0 ? h.subarray(0, have) : null;
  }
}
