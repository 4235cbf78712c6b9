/**
 * Flow model shared by the flow table (capture/flow), TCP reassembly (capture/tcp) and
 * dissection (capture/dissect). A flow is one transport conversation identified by its
 * canonical 5-tuple; `client` opened it (SYN sender, else the port heuristic decided).
 */

/** 0 = client → server, 1 = server → client. */
export type Direction = 0 | 1;
export const CLIENT_TO_SERVER: Direction = 0;
export const SERVER_TO_CLIENT: Direction = 1;

export type Transport = 'tcp' | 'udp' | 'icmp';

export interface Endpoint {
  ip: string;
  port: number;
}

/** Why a flow's consumer is told the flow ended. */
export type FlowEndReason = 'fin' | 'rst' | 'idle' | 'eof' | 'evicted';

/**
 * What the flow table/reassembler feeds for each flow (implemented by the dissector
 * session). Byte views are valid only during the call: copy what you keep.
 */
export interface FlowConsumer {
  /** In-order TCP bytes, or one UDP datagram's payload, travelling in `dir`. */
  data(dir: Direction, bytes: Uint8Array, tsMs: number): void;
  /** TCP only: `length` bytes in `dir` are lost for good (packet loss, snaplen, memory cap). */
  gap(dir: Direction, length: number, tsMs: number): void;
  /** The flow is over (or the capture ended): flush anything pending. Called once. */
  end(reason: FlowEndReason, tsMs: number): void;
}

/** Per-direction L4 counters. */
export interface DirectionStats {
  packets: number;
  /** IP-level bytes (IP total length), for bandwidth on the L4 map. */
  bytes: number;
  /** Transport payload bytes. */
  payloadBytes: number;
  retransmissions: number;
  outOfOrder: number;
  zeroWindow: number;
}

/** The read-only view of a flow handed to dissectors and item builders. */
export interface FlowInfo {
  /** Sequential flow number within this worker (starts at 1). */
  readonly id: number;
  readonly transport: Transport;
  readonly ipVersion: 4 | 6;
  readonly client: Endpoint;
  readonly server: Endpoint;
  /** Stream name as on items: `000000000042.pcap`, UDP `000000000043_udp.pcap`. */
  readonly streamName: string;
  readonly firstSeenMs: number;
}

/** Stream name of a flow, Kubeshark style: 12-digit zero-padded id. */
export function streamNameOf(id: number, transport: Transport): string {
  const n = String(id).padStart(12, '0');
  return transport === 'udp' ? `${n}_udp.pcap` : transport === 'icmp' ? `${n}_icmp.pcap` : `${n}.pcap`;
}
