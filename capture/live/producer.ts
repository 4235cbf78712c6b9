/**
 * A packet producer inside the capture agent: something that opens the interface and
 * writes a pcap stream to the agent's stdout. Two exist: tcpdump (a child of the agent
 * writing straight into the agent's stdout pipe) and cap (the libpcap binding, in the
 * agent's own process). The agent tries them in order (agent-protocol.ts producerOrder).
 *
 * Lifecycle: `start()` resolves once packets can flow (the interface is open), or rejects
 * with `ProducerUnavailable` (this producer cannot run on this host: try the next one) or a
 * `CaptureError` (the interface cannot be captured: no permission, no such device, bad
 * filter). After start, `onStats` receives cumulative counters periodically and `onExit`
 * fires once if the producer dies by itself; `stop()` flushes and resolves with the final
 * counters.
 */
import type { AgentConfig, AgentStats, ProducerName } from './agent-protocol.ts';

export class ProducerUnavailable extends Error {
  constructor(
    readonly producer: ProducerName,
    reason: string,
  ) {
    super(`${producer} unavailable: ${reason}`);
    this.name = 'ProducerUnavailable';
  }
}

export interface ProducerEvents {
  onStats(s: AgentStats): void;
  /** The producer ended without being stopped (crash, device gone). */
  onExit(reason: string): void;
  log(message: string): void;
}

export interface Producer {
  readonly name: ProducerName;
  /** Resolves with the pcap link type when known (cap), or null (tcpdump writes its own header). */
  start(): Promise<{ linkType: number | null }>;
  stop(): Promise<AgentStats>;
}

export type ProducerFactory = (config: AgentConfig, events: ProducerEvents) => Producer;
