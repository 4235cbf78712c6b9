/**
 * Dissector extension point (DESIGN.md §4.2). Each protocol file under `protocols/`
 * exports one descriptor made with `defineDissector`; `manifest.ts` lists them; the
 * registry validates them, rejects duplicates and builds the port and heuristic tables
 * after all are collected, so import order never matters.
 *
 * Lifecycle of a flow's dissection (owned by `session.ts`):
 *  1. On the flow's first payload, candidates = dissectors whose port table matches the
 *     server port (then the client port), then every dissector of the transport; each
 *     candidate's `detect()` scores the first bytes; the best score > 0 wins, ties broken
 *     by port match then priority. The winner is *pinned* to the flow.
 *  2. The pinned parser gets every `data`/`gap` event and finally `end`.
 *  3. A parser that finds the stream is not its protocol calls `ctx.violate()`: the flow
 *     is unpinned and handed to the raw TCP/UDP fallback (bytes already consumed are not
 *     replayed).
 *  4. A parser may hand the rest of the stream to another dissector (`ctx.handoff`), e.g.
 *     HTTP/1.1 → WebSocket or h2c after `101 Switching Protocols`.
 */
import type { Direction, FlowInfo, Transport } from '../flow/flow.ts';
import type { ItemError, Message, ProtocolInfo } from '../item.ts';

export interface FlowParser {
  /** In-order bytes (TCP) or one datagram (UDP) in `dir`. View: copy what you keep. */
  data(dir: Direction, bytes: Uint8Array, tsMs: number): void;
  /** TCP: `length` bytes lost in `dir`. Resynchronise or violate. */
  gap(dir: Direction, length: number, tsMs: number): void;
  /** Flow over: flush partial messages (emit them with an error when incomplete). */
  end(tsMs: number): void;
}

export interface ParserContext {
  readonly flow: FlowInfo;
  /** Emit a request or response; the session pairs them per the descriptor's `pairing`. */
  message(m: Message): void;
  /**
   * Emit a complete, self-contained item (WebSocket frame, TLS handshake, ICMP message).
   * The session builds it with the flow's identity.
   */
  item(parts: { protocol?: ProtocolInfo; request: Message | null; response: Message | null; error?: ItemError | null }): void;
  /** Count a named anomaly (e.g. `http_bad_chunk_size`) and carry on. */
  weird(name: string): void;
  /** This flow is not (or no longer) this protocol: unpin; the session falls back to raw. */
  violate(reason: string): void;
  /**
   * Hand the rest of this flow to dissector `id` (e.g. after an HTTP Upgrade).
   * `initial` holds bytes already received after the switch point, per direction.
   */
  handoff(id: string, initial?: { dir: Direction; bytes: Uint8Array; tsMs: number }[]): void;
}

export type Pairing =
  /** Responses answer requests in order (HTTP/1.x, Redis, AMQP RPC). */
  | 'fifo'
  /** Request and response carry the same `Message.key` (DNS id, Kafka correlation id, HTTP/2 stream). */
  | 'key'
  /** Every message is an item of its own (use ctx.item). */
  | 'none';

export interface DissectorDescriptor {
  /** Unique id, kebab/lower case: 'http', 'dns', 'http2' ... */
  id: string;
  /** Descriptor copied onto items (messages may override it). */
  protocol: ProtocolInfo;
  transport: Exclude<Transport, 'icmp'>;
  /** Well-known server ports, for the port table. */
  ports: number[];
  /**
   * Heuristic on the first bytes seen in `dir` (at least 1 byte, possibly only a few):
   * 0 = not this protocol, 1 = certain. Must not throw and must not keep `bytes`.
   */
  detect(bytes: Uint8Array, dir: Direction, flow: FlowInfo): number;
  createParser(ctx: ParserContext): FlowParser;
  pairing: Pairing;
  /**
   * How long (ms) a request waits for its response before it is emitted unpaired with
   * error `timeout`. Default 30 000.
   */
  pairTimeoutMs?: number;
  /** Only reachable through `handoff` (never chosen by port or detect). */
  handoffOnly?: boolean;
}

export function defineDissector(d: DissectorDescriptor): DissectorDescriptor {
  return d;
}
