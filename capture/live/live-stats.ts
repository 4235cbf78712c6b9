/**
 * Counters of one live capture (one interface), across agent incarnations: what the
 * producers report (cumulative per incarnation, summed here when an incarnation ends),
 * what reached the pipeline, and the supervisor's restarts and capture gaps. Read by the
 * metrics feature through `node.sources[i].source.stats` (LiveCaptureSource).
 */
import type { AgentStats, ProducerName } from './agent-protocol.ts';

interface Totals {
  captured: number;
  received: number;
  kernelDrops: number;
  interfaceDrops: number;
  agentDrops: number;
}

const zero = (): Totals => ({ captured: 0, received: 0, kernelDrops: 0, interfaceDrops: 0, agentDrops: 0 });

export class LiveCaptureStats {
  /** Producer of the running (or last) agent. */
  producer: ProducerName | null = null;
  /** False while the producer cannot report kernel drops (cap exposes no pcap_stats). */
  kernelDropsKnown = true;
  /** Packets and wire bytes read from the agents' pcap streams into the pipeline. */
  packets = 0;
  bytes = 0;
  /** Agent restarts after a crash or unexpected exit. */
  captureRestarts = 0;
  /** Restart attempts that failed before the agent was capturing again. */
  startFailures = 0;
  /** Time without a capturing agent after crashes, ms (the capture gap). */
  gapMs = 0;
  /** A capturing agent is running. */
  running = false;
  /** Last error or exit reason seen, for the operator. */
  lastError: string | null = null;
  private done = zero();
  private cur = zero();
  private gapStart = 0;

  /** Packets the producers wrote into the stream (all incarnations). */
  get captured(): number {
    return this.done.captured + this.cur.captured;
  }
  /** libpcap ps_recv (tcpdump "received by filter"; on lo every packet counts twice). */
  get kernelReceived(): number {
    return this.done.received + this.cur.received;
  }
  /** libpcap ps_drop: packets the kernel dropped because the capture buffer was full. */
  get kernelDrops(): number {
    return this.done.kernelDrops + this.cur.kernelDrops;
  }
  /** libpcap ps_ifdrop, when the producer reports it. */
  get interfaceDrops(): number {
    return this.done.interfaceDrops + this.cur.interfaceDrops;
  }
  /** Packets the cap agent dropped because the worker did not read its stream fast enough. */
  get agentDrops(): number {
    return this.done.agentDrops + this.cur.agentDrops;
  }
  /** Every drop that is known: kernel + interface + agent. */
  get drops(): number {
    return this.kernelDrops + this.interfaceDrops + this.agentDrops;
  }

  /** @internal a stats message of the current incarnation (cumulative). */
  update(s: AgentStats): void {
    this.producer = s.producer;
    this.kernelDropsKnown = s.kernelDrops !== null;
    this.cur = { captured: s.captured, received: s.received ?? 0, kernelDrops: s.kernelDrops ?? 0, interfaceDrops: s.interfaceDrops ?? 0, agentDrops: s.agentDrops };
  }

  /** @internal an agent is capturing. */
  started(producer: ProducerName, now: number): void {
    this.producer = producer;
    this.running = true;
    if (this.gapStart) this.gapMs += now - this.gapStart;
    this.gapStart = 0;
  }

  /** @internal the current incarnation is over; `crashed` opens a gap. */
  ended(now: number, crashed: boolean): void {
    const d = this.done;
    const c = this.cur;
    d.captured += c.captured;
    d.received += c.received;
    d.kernelDrops += c.kernelDrops;
    d.interfaceDrops += c.interfaceDrops;
    d.agentDrops += c.agentDrops;
    this.cur = zero();
    this.running = false;
    if (crashed && !this.gapStart) this.gapStart = now;
  }

  toJSON(): Record<string, unknown> {
    const { producer, kernelDropsKnown, packets, bytes, captureRestarts, startFailures, gapMs, running, lastError } = this;
    return {
      producer, running, packets, bytes, captured: this.captured, kernelReceived: this.kernelReceived, kernelDrops: this.kernelDrops, kernelDropsKnown,
      interfaceDrops: this.interfaceDrops, agentDrops: this.agentDrops, captureRestarts, startFailures, gapMs, lastError,
    };
  }
}
