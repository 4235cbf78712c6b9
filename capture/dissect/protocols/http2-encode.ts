/**
 * HTTP/2 frame encoding for synthesized traffic and tests (the inverse of http2-frames.ts):
 * frames, the client preface, SETTINGS, HEADERS split into CONTINUATION frames, DATA split
 * at a maximum frame size (optionally padded), RST_STREAM, GOAWAY, and gRPC
 * length-prefixed messages. Header blocks come from an `HpackEncoder` per direction, which
 * the caller keeps for the life of the connection.
 */
import { HpackEncoder } from './hpack-encoder.ts';
import * as F from './http2-frames.ts';

export type HeaderPairs = readonly (readonly [string, string])[];

export function frame(type: number, flags: number, stream: number, payload: Uint8Array = new Uint8Array(0)): Uint8Array {
  const out = new Uint8Array(F.FRAME_HEADER_LEN + payload.length);
  const n = payload.length;
  out[0] = (n >>> 16) & 255;
  out[1] = (n >>> 8) & 255;
  out[2] = n & 255;
  out[3] = type;
  out[4] = flags;
  out[5] = (stream >>> 24) & 0x7f;
  out[6] = (stream >>> 16) & 255;
  out[7] = (stream >>> 8) & 255;
  out[8] = stream & 255;
  out.set(payload, F.FRAME_HEADER_LEN);
  return out;
}

export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

function u32(v: number): number[] {
  return [(v >>> 24) & 255, (v >>> 16) & 255, (v >>> 8) & 255, v & 255];
}

/** SETTINGS frame from [id, value] pairs (ACK when `ack`). */
export function settings(pairs: [number, number][] = [], ack = false): Uint8Array {
  const p: number[] = [];
  for (const [id, v] of pairs) p.push(id >> 8, id & 255, ...u32(v));
  return frame(F.FRAME_SETTINGS, ack ? F.FLAG_ACK : 0, 0, Uint8Array.from(p));
}

/** Client preface + an initial SETTINGS frame. */
export function clientPreface(pairs: [number, number][] = [[3, 100], [4, 65535]]): Uint8Array {
  return concat([F.PREFACE, settings(pairs)]);
}

export interface HeadersOptions {
  endStream?: boolean;
  /** Split the block into HEADERS + CONTINUATION frames of at most this many octets. */
  fragment?: number;
  /** Add a PRIORITY section. */
  priority?: boolean;
  /** Pad the HEADERS frame with this many octets. */
  pad?: number;
}

/** HEADERS (+ CONTINUATION) frames carrying `headers`, encoded with `enc`. */
export function headers(enc: HpackEncoder, stream: number, h: HeaderPairs, o: HeadersOptions = {}): Uint8Array {
  const block = enc.encode(h);
  const size = o.fragment ?? block.length;
  const first = block.subarray(0, Math.max(0, Math.min(size, block.length)));
  let flags = o.endStream ? F.FLAG_END_STREAM : 0;
  if (first.length === block.length) flags |= F.FLAG_END_HEADERS;
  const pre: number[] = [];
  if (o.pad !== undefined) {
    flags |= F.FLAG_PADDED;
    pre.push(o.pad);
  }
  if (o.priority) {
    flags |= F.FLAG_PRIORITY;
    pre.push(0, 0, 0, 0, 15);
  }
  const parts = [frame(F.FRAME_HEADERS, flags, stream, concat([Uint8Array.from(pre), first, new Uint8Array(o.pad ?? 0)]))];
  for (let at = first.length; at < block.length; at += size) {
    const piece = block.subarray(at, Math.min(at + size, block.length));
    parts.push(frame(F.FRAME_CONTINUATION, at + size >= block.length ? F.FLAG_END_HEADERS : 0, stream, piece));
  }
  return concat(parts);
}

/** DATA frames carrying `body` in pieces of at most `maxFrame` octets; END_STREAM on the last. */
export function data(stream: number, body: Uint8Array, o: { endStream?: boolean; maxFrame?: number; pad?: number } = {}): Uint8Array {
  const max = o.maxFrame ?? 16384;
  const parts: Uint8Array[] = [];
  let at = 0;
  do {
    const piece = body.subarray(at, Math.min(at + max, body.length));
    at += piece.length;
    const last = at >= body.length;
    let flags = last && o.endStream ? F.FLAG_END_STREAM : 0;
    let payload = piece;
    if (o.pad !== undefined) {
      flags |= F.FLAG_PADDED;
      payload = concat([Uint8Array.of(o.pad), piece, new Uint8Array(o.pad)]);
    }
    parts.push(frame(F.FRAME_DATA, flags, stream, payload));
  } while (at < body.length);
  return concat(parts);
}

export function rstStream(stream: number, code: number): Uint8Array {
  return frame(F.FRAME_RST_STREAM, 0, stream, Uint8Array.from(u32(code)));
}

export function goaway(lastStream: number, code: number): Uint8Array {
  return frame(F.FRAME_GOAWAY, 0, 0, Uint8Array.from([...u32(lastStream), ...u32(code)]));
}

export function windowUpdate(stream: number, increment: number): Uint8Array {
  return frame(F.FRAME_WINDOW_UPDATE, 0, stream, Uint8Array.from(u32(increment)));
}

export function ping(ack = false): Uint8Array {
  return frame(F.FRAME_PING, ack ? F.FLAG_ACK : 0, 0, new Uint8Array(8));
}

/** One gRPC length-prefixed message. */
export function grpcMessage(msg: Uint8Array, compressed = false): Uint8Array {
  return concat([Uint8Array.from([compressed ? 1 : 0, ...u32(msg.length)]), msg]);
}

/** The pair of HPACK encoders of one connection: [client → server, server → client]. */
export function encoders(huffman = true): [HpackEncoder, HpackEncoder] {
  return [new HpackEncoder({ huffman }), new HpackEncoder({ huffman })];
}
