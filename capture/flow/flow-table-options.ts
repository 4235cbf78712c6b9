/**
 * Options of `FlowTable`, their defaults, and their validation (at construction, with a
 * stable error code, so a bad configuration fails at startup and not mid-capture).
 */
import type { ReassemblyBudget } from '../tcp/reassembly-budget.ts';
import { DEFAULT_MAX_BUFFERED_PER_STREAM } from '../tcp/tcp-connection.ts';
import type { Weirds } from '../weird.ts';
import type { FlowEndReason } from './flow.ts';
import type { Flow } from './flow-state.ts';
import type { ServerPortTest } from './orientation.ts';

/** Idle timeouts in ms of packet time: a flow idle for longer than its class's timeout ends. */
export interface FlowTimeouts {
  /** TCP flows not closed (handshaking, established, half-closed). Default 300 s. */
  tcpMs: number;
  /** TCP flows after both FINs or an RST (late retransmissions still land here). Default 10 s. */
  tcpClosedMs: number;
  /** UDP flows. Default 60 s. */
  udpMs: number;
  /** ICMP flows. Default 30 s. */
  icmpMs: number;
}

export interface FlowTableOptions {
  /**
   * Whether a port is a known server port (the dissector port table). Used to orient flows
   * whose first packet is not a SYN or SYN/ACK. Default: only the "< 1024" and "lower port" rules.
   */
  isServerPort?: ServerPortTest;
  /** Idle timeouts; missing ones take the defaults. */
  timeouts?: Partial<FlowTimeouts>;
  /** Most flows held at once; creating one more ends the least recently seen. Default 1 000 000. */
  maxFlows?: number;
  /** Called once per flow when it leaves the table, after its consumer's `end`. */
  onEnd?: (flow: Flow, reason: FlowEndReason) => void;
  /** Shared out-of-order memory for TCP reassembly. Default: a new 256 MiB budget. */
  budget?: ReassemblyBudget;
  /** Out-of-order bytes one TCP direction may hold. Default 4 MiB. */
  maxBufferedPerStream?: number;
  /** Anomaly counters (`tcp_*`). Default: a private instance (`table.weirds`). */
  weirds?: Weirds;
  /**
   * Flow id allocator. Tables of one node share one so stream names stay unique across
   * its sources (the stream store and pcap.path key on them). Default: 1, 2, 3 … per table.
   */
  flowIds?: FlowIdAllocator;
}

/** Hands out flow ids (stream names derive from them). */
export class FlowIdAllocator {
  private next = 1;
  take(): number {
    return this.next++;
  }
}

export const DEFAULT_FLOW_TABLE_OPTIONS = {
  timeouts: { tcpMs: 300_000, tcpClosedMs: 10_000, udpMs: 60_000, icmpMs: 30_000 } satisfies FlowTimeouts,
  maxFlows: 1_000_000,
  maxBufferedPerStream: DEFAULT_MAX_BUFFERED_PER_STREAM,
};

/** A flow-table option is invalid; `code` is ERR_FLOW_TABLE_OPTION. */
export class FlowTableOptionError extends Error {
  readonly code = 'ERR_FLOW_TABLE_OPTION';
  constructor(message: string) {
    super(message);
    this.name = 'FlowTableOptionError';
  }
}

function check(ok: boolean, what: string, value: unknown): void {
  if (!ok) throw new FlowTableOptionError(`flow table: ${what}, got ${String(value)}; fix the option or leave it unset for the default`);
}

export function validateFlowTableOptions(o: FlowTableOptions): void {
  if (o.maxFlows !== undefined) check(Number.isInteger(o.maxFlows) && o.maxFlows >= 1, 'maxFlows must be an integer >= 1', o.maxFlows);
  if (o.maxBufferedPerStream !== undefined) {
    check(Number.isFinite(o.maxBufferedPerStream) && o.maxBufferedPerStream >= 0, 'maxBufferedPerStream must be a byte count >= 0', o.maxBufferedPerStream);
  }
  for (const [name, v] of Object.entries(o.timeouts ?? {})) {
    check(Number.isFinite(v) && v >= 0, `timeouts.${name} must be a number of ms >= 0`, v);
  }
  if (o.isServerPort !== undefined) check(typeof o.isServerPort === 'function', 'isServerPort must be a function', o.isServerPort);
}
