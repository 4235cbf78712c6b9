/**
 * One demo TCP connection as a conversation (scheduler.ts): handshake at `t0`, then each
 * step's bytes at its time (client or server), then the ending — FIN from the client or the
 * server, a RST, or no connection at all ("refused": the SYN is answered with RST/ACK, as
 * when nothing listens, e.g. a crashed container). Step bytes may be a function, evaluated
 * when the step is sent: stateful encoders (HPACK) then follow the wire order.
 *
 * `retransmit` duplicates data segments with that probability (same sequence numbers, a
 * moment later), which the flow table counts as retransmissions.
 */
import { TcpFlag } from '../../decode/decoded-packet.ts';
import { ipv4ToInt, tcpFrameLength, writeTcpFrame } from '../frame.ts';
import { TcpConversation, type FrameSink } from '../tcp-conversation.ts';
import type { Conversation } from './scheduler.ts';

export interface Endpoint {
  ip: string;
  port: number;
}

export interface TcpStep {
  at: number;
  /** 0 = client → server, 1 = server → client. */
  dir: 0 | 1;
  bytes: Uint8Array | (() => Uint8Array);
}

export type TcpEnding = 'fin' | 'server-fin' | 'reset' | 'refused';

export interface TcpCallOptions {
  client: Endpoint;
  server: Endpoint;
  t0: number;
  rttMs: number;
  steps: TcpStep[];
  /** Time of the ending (after the last step). */
  endAt: number;
  ending?: TcpEnding;
  /** Initial sequence numbers (client, server). */
  isn: [number, number];
  /** Probability of retransmitting a data segment (default 0). */
  retransmit?: number;
  rand: () => number;
}

const ETH_IP = 14 + 20;

/** Duplicates data-carrying TCP frames with probability `p` (a retransmission 50 µs later). */
function retransmitting(sink: FrameSink, p: number, rand: () => number): FrameSink {
  if (p <= 0) return sink;
  return {
    frame(t, data) {
      sink.frame(t, data);
      const ipLen = (data[16] << 8) | data[17];
      const payload = ipLen - 20 - (data[ETH_IP + 12] >> 4) * 4;
      if (payload > 0 && rand() < p) sink.frame(t + 0.05, data);
    },
  };
}

const SYN_OPTIONS = Uint8Array.from([2, 4, 0x05, 0xb4, 4, 2, 1, 3, 3, 7, 0, 0]);

/** SYN from the client answered by RST/ACK from the server. */
function refused(sink: FrameSink, o: TcpCallOptions): void {
  const c = ipv4ToInt(o.client.ip);
  const s = ipv4ToInt(o.server.ip);
  const syn = { srcIp: c, dstIp: s, srcPort: o.client.port, dstPort: o.server.port, payload: new Uint8Array(0), ipId: 1, seq: o.isn[0], ack: 0, flags: TcpFlag.SYN, window: 64240, options: SYN_OPTIONS };
  const buf = new Uint8Array(tcpFrameLength(syn));
  writeTcpFrame(buf, syn);
  sink.frame(o.t0, buf);
  const rst = { srcIp: s, dstIp: c, srcPort: o.server.port, dstPort: o.client.port, payload: new Uint8Array(0), ipId: 0, seq: 0, ack: (o.isn[0] + 1) >>> 0, flags: TcpFlag.RST | TcpFlag.ACK, window: 0 };
  const buf2 = new Uint8Array(tcpFrameLength(rst));
  writeTcpFrame(buf2, rst);
  sink.frame(o.t0 + o.rttMs / 2, buf2);
}

export function* tcpCall(sink: FrameSink, o: TcpCallOptions): Conversation {
  if (o.ending === 'refused') {
    refused(sink, o);
    return;
  }
  const c = new TcpConversation(retransmitting(sink, o.retransmit ?? 0, o.rand), {
    client: o.client,
    server: o.server,
    rttMs: o.rttMs,
    clientIsn: o.isn[0],
    serverIsn: o.isn[1],
  });
  let t = c.open(o.t0);
  for (const s of o.steps) {
    if (s.at > t) yield (t = s.at);
    t = c.send(s.dir, typeof s.bytes === 'function' ? s.bytes() : s.bytes, t);
  }
  if (o.endAt > t) yield (t = o.endAt);
  if (o.ending === 'reset') c.reset(t, 0);
  else c.close(t, o.ending === 'server-fin' ? 1 : 0);
}
