/**
 * Builds the packets of one TCP conversation with sequence and acknowledgement numbers
 * kept automatically: `conv.c('GET /')` is the client's next segment (acking all the server
 * sent so far), `conv.s(...)` the server's. Time advances 1 ms per packet unless set with
 * `conv.at(ms)`. SYN and FIN advance the sender's sequence by one. Passing an explicit
 * `seq` (a retransmission, a reordered segment) does not advance the sender.
 */
import type { DecodedPacket } from '../../decode/decoded-packet.ts';
import { pkt } from './packets.ts';
import type { PacketSpec } from './packets.ts';

export interface ConversationOptions {
  client?: string;
  server?: string;
  clientIsn?: number;
  serverIsn?: number;
  /** Time of the first packet, epoch ms. */
  t0?: number;
}

export class Conversation {
  readonly client: string;
  readonly server: string;
  /** Next sequence number of each side. */
  cseq: number;
  sseq: number;
  ts: number;

  constructor(o: ConversationOptions = {}) {
    this.client = o.client ?? '10.0.0.1:40000';
    this.server = o.server ?? '10.0.0.2:80';
    this.cseq = o.clientIsn ?? 1000;
    this.sseq = o.serverIsn ?? 9000;
    this.ts = (o.t0 ?? 1_700_000_000_000) - 1;
  }

  /** Set the time of the next packet. */
  at(ms: number): this {
    this.ts = ms - 1;
    return this;
  }

  /** Client → server segment. */
  c(payload = '', flags = 'PA', extra: Partial<PacketSpec> = {}): DecodedPacket {
    return this.send(true, payload, flags, extra);
  }

  /** Server → client segment. */
  s(payload = '', flags = 'PA', extra: Partial<PacketSpec> = {}): DecodedPacket {
    return this.send(false, payload, flags, extra);
  }

  /** SYN, SYN/ACK, ACK at the current time + 0, +synAckMs, +rttMs. */
  handshake(synAckMs = 1, rttMs = 2): DecodedPacket[] {
    const t = this.ts + 1;
    const syn = this.at(t).c('', 'S');
    const synAck = this.at(t + synAckMs).s('', 'SA');
    const ack = this.at(t + rttMs).c('', 'A');
    return [syn, synAck, ack];
  }

  private send(fromClient: boolean, payload: string, flags: string, extra: Partial<PacketSpec>): DecodedPacket {
    const seq = fromClient ? this.cseq : this.sseq;
    const ack = fromClient ? this.sseq : this.cseq;
    const p = pkt({
      src: fromClient ? this.client : this.server,
      dst: fromClient ? this.server : this.client,
      flags,
      seq,
      ack: flags.includes('A') ? ack : 0,
      payload,
      ts: ++this.ts,
      ...extra,
    });
    if (extra.seq !== undefined) return p;
    const advance = Buffer.byteLength(payload, 'latin1') + (flags.includes('S') ? 1 : 0) + (flags.includes('F') ? 1 : 0);
    if (fromClient) this.cseq = (seq + advance) >>> 0;
    else this.sseq = (seq + advance) >>> 0;
    return p;
  }
}
