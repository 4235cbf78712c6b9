/**
 * The contract between the worker and its capture agent (agent.ts), a child process:
 *
 * - argv[2]: the AgentConfig as JSON.
 * - stdout (fd 1): a classic pcap byte stream (header, then records), nothing else.
 * - fd 3: the side channel, one AgentMessage as JSON per line.
 * - The agent exits by itself when re-parented (the worker is gone); it runs in its own
 *   process group with its tcpdump child, which the worker kills after the agent exits.
 * - SIGTERM: stop; the producer flushes, a final `stats` message is sent, exit code 0.
 *   Exit code 2 follows an `error` message (nothing could be opened); anything else is a crash.
 *
 * Stats are cumulative for the agent's lifetime; the worker adds up its incarnations.
 */
import type { CaptureErrorJson } from './capture-error.ts';

export type ProducerName = 'cap' | 'tcpdump';
/** 'auto' = the producer that lost less in bench/live.bench.ts (tcpdump), the other as fallback. */
export type ProducerChoice = 'auto' | ProducerName;

export interface AgentConfig {
  iface: string;
  /** BPF capture filter ("" = everything). */
  filter: string;
  producer: ProducerChoice;
  /** Bytes kept per packet (cap is fixed at 65535 by its binding). */
  snaplen: number;
  /** Kernel capture buffer, KiB (libpcap's buffer size, tcpdump -B). */
  bufferKiB: number;
  /** Interval between stats messages, ms. */
  statsIntervalMs: number;
  /** tcpdump --immediate-mode: ~1–6 ms latency instead of ~0.2–0.7 s, at some peak throughput. */
  immediate: boolean;
  /** Module the cap producer loads (default 'cap'); tests name a missing one to simulate its absence. */
  capModule: string;
  /** tcpdump executable (default 'tcpdump' on PATH). */
  tcpdumpPath: string;
  /** cap producer: bytes queued towards stdout before new packets are dropped (and counted). */
  maxPendingBytes: number;
}

export interface AgentStats {
  producer: ProducerName;
  /** Packets written to the pcap stream. */
  captured: number;
  /** Packets libpcap's filter accepted (tcpdump "received by filter"; on lo each packet counts twice). */
  received: number | null;
  /** Kernel drops (pcap_stats ps_drop), null when the producer cannot tell (cap exposes no pcap_stats). */
  kernelDrops: number | null;
  /** Drops by the interface/driver (ps_ifdrop), when reported. */
  interfaceDrops: number | null;
  /** Packets the agent itself dropped because the worker did not read fast enough (cap producer). */
  agentDrops: number;
}

export type AgentMessage =
  | { type: 'ready'; producer: ProducerName; linkType: number | null; pid: number }
  | ({ type: 'stats' } & AgentStats)
  | { type: 'log'; message: string }
  | ({ type: 'error' } & CaptureErrorJson);

export const SIDE_CHANNEL_FD = 3;
export const EXIT_FATAL = 2;

export const defaultAgentConfig: Omit<AgentConfig, 'iface'> = {
  filter: '',
  producer: 'auto',
  snaplen: 262144,
  bufferKiB: 65536,
  statsIntervalMs: 1000,
  immediate: false,
  capModule: 'cap',
  tcpdumpPath: 'tcpdump',
  maxPendingBytes: 64 * 1024 * 1024,
};

/** Producers to try, in order. */
export function producerOrder(choice: ProducerChoice): ProducerName[] {
  return choice === 'cap' ? ['cap', 'tcpdump'] : ['tcpdump', 'cap'];
}

/** Parse one side-channel line; null for anything that is not a message. */
export function parseAgentMessage(line: string): AgentMessage | null {
  try {
    const m = JSON.parse(line) as AgentMessage;
    return m && typeof m === 'object' && typeof m.type === 'string' ? m : null;
  } catch {
    return null;
  }
}
