/**
 * Synthesizes one TCP connection as a sequence of frames: three-way handshake (MSS,
 * SACK-permitted and window-scale options), data split into MSS-sized segments with
 * delayed ACKs from the receiver, and an orderly FIN close or a RST. Times are epoch ms;
 * each call returns the time at which the conversation may continue.
 *
 * Frames go to a `FrameSink` as a view into a scratch buffer: the sink must consume (or
 * copy) them before returning.
 */
import { TcpFlag } from '../decode/decoded-packet.ts';
import { ipv4ToInt, tcpFrameLength, writeTcpFrame, type TcpFields } from './frame.ts';

export interface FrameSink {
  frame(tsMs: number, data: Uint8Array): void;
}

export interface ConversationOptions {
  client: { ip: string; port: number };
  server: { ip: string; port: number };
  /** Maximum segment size (default 1448). */
  mss?: number;
  /** Round-trip time in ms (default 0.2). */
  rttMs?: number;
  /** Initial sequence numbers (default derived from the ports). */
  clientIsn?: number;
  serverIsn?: number;
}

const SYN_OPTIONS = Uint8Array.from([2, 4, 0x05, 0xb4, 4, 2, 1, 3, 3, 7]); // MSS 1460, SACK-perm, NOP, WS 7
const SYN_OPTIONS_PADDED = Uint8Array.from([...SYN_OPTIONS, 0, 0]);
const EMPTY = new Uint8Array(0);

export class TcpConversation {
  private readonly ip: [number, number];
  private readonly port: [number, number];
  private readonly seq: [number, number];
  private readonly ipId: [number, number] = [1, 1];
  private readonly mss: number;
  private readonly halfRtt: number;
  private scratch = new Uint8Array(2048);
  private f: TcpFields = { srcIp: 0, dstIp: 0, srcPort: 0, dstPort: 0, payload: EMPTY, ipId: 0, seq: 0, ack: 0, flags: 0, window: 0 };

  constructor(
    private readonly sink: FrameSink,
    o: ConversationOptions,
  ) {
    this.ip = [ipv4ToInt(o.client.ip), ipv4ToInt(o.server.ip)];
    this.port = [o.client.port, o.server.port];
    this.seq = [(o.clientIsn ?? o.client.port * 7919) >>> 0, (o.serverIsn ?? o.server.port * 104729 + o.client.port) >>> 0];
    this.mss = o.mss ?? 1448;
    this.halfRtt = (o.rttMs ?? 0.2) / 2;
  }

  /** SYN, SYN/ACK, ACK. Returns the time the handshake completes (at the client). */
  open(t: number): number {
    this.emit(0, t, TcpFlag.SYN, EMPTY, SYN_OPTIONS_PADDED, true);
    this.emit(1, t + this.halfRtt, TcpFlag.SYN | TcpFlag.ACK, EMPTY, SYN_OPTIONS_PADDED, true);
    const done = t + 2 * this.halfRtt;
    this.emit(0, done, TcpFlag.ACK, EMPTY);
    return done;
  }

  /**
   * Send `data` from `dir` (0 = client, 1 = server) in MSS segments; the receiver ACKs
   * every second segment and the last one (timestamps stay monotonic: a capture point
   * near the sender). Returns the time the last byte was sent.
   */
  send(dir: 0 | 1, data: Uint8Array, t: number): number {
    let off = 0;
    let n = 0;
    const other = (1 - dir) as 0 | 1;
    while (off < data.length) {
      const end = Math.min(off + this.mss, data.length);
      const last = end === data.length;
      this.emit(dir, t, TcpFlag.ACK | (last ? TcpFlag.PSH : 0), data.subarray(off, end));
      n++;
      if (n % 2 === 0 || last) this.emit(other, t + 0.0005, TcpFlag.ACK, EMPTY);
      off = end;
      t += 0.001;
    }
    return t;
  }

  /** FIN from `initiator`, FIN/ACK from the peer, final ACK. Returns the end time. */
  close(t: number, initiator: 0 | 1 = 0): number {
    const peer = (1 - initiator) as 0 | 1;
    this.emit(initiator, t, TcpFlag.FIN | TcpFlag.ACK, EMPTY, undefined, true);
    this.emit(peer, t + this.halfRtt, TcpFlag.FIN | TcpFlag.ACK, EMPTY, undefined, true);
    this.emit(initiator, t + 2 * this.halfRtt, TcpFlag.ACK, EMPTY);
    return t + 2 * this.halfRtt;
  }

  /** RST from `dir`. */
  reset(t: number, dir: 0 | 1 = 1): number {
    this.emit(dir, t, TcpFlag.RST | TcpFlag.ACK, EMPTY);
    return t;
  }

  private emit(dir: 0 | 1, t: number, flags: number, payload: Uint8Array, options?: Uint8Array, consumesSeq = false): void {
    const other = 1 - dir;
    const f = this.f;
    f.srcIp = this.ip[dir];
    f.dstIp = this.ip[other];
    f.srcPort = this.port[dir];
    f.dstPort = this.port[other];
    f.payload = payload;
    f.options = options;
    f.ipId = this.ipId[dir]++ & 0xffff;
    f.seq = this.seq[dir];
    f.ack = flags & TcpFlag.ACK ? this.seq[other] : 0;
    f.flags = flags;
    f.window = 502;
    const len = tcpFrameLength(f);
    if (len > this.scratch.length) this.scratch = new Uint8Array(len * 2);
    writeTcpFrame(this.scratch, f);
    this.seq[dir] = (this.seq[dir] + payload.length + (consumesSeq ? 1 : 0)) >>> 0;
    this.sink.frame(t, this.scratch.subarray(0, len));
  }
}
