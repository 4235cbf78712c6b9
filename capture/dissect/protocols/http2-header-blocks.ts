/**
 * Header block assembly (RFC 9113 §4.3, §6.2, §6.6, §6.10): strips the padding and the
 * priority section of HEADERS and the promised stream id of PUSH_PROMISE, and joins
 * CONTINUATION frames, per direction. A complete block goes to the owner, which decodes
 * it (HPACK state is per direction, so blocks must arrive in wire order — they do).
 *
 * A block interrupted by another frame is dropped (`http2_expected_continuation`), a
 * CONTINUATION without a block is ignored (`http2_unexpected_continuation`), and a block
 * that grows beyond `maxBlock` is reported as skipped (the owner counts it).
 */
import type { Direction } from '../../flow/flow.ts';
import * as F from './http2-frames.ts';

export interface HeaderBlockOwner {
  headerBlock(dir: Direction, stream: number, flags: number, promised: number, block: Uint8Array, wire: number, tsMs: number): void;
  skipped(dir: Direction, type: number, stream: number, length: number, tsMs: number): void;
  failStream(stream: number, msg: string): void;
  weird(name: string): void;
}

interface PendingBlock {
  stream: number;
  flags: number;
  promised: number;
  chunks: Uint8Array[];
  length: number;
  wire: number;
  tsMs: number;
}

export class HeaderBlocks {
  private readonly maxBlock: number;
  private readonly owner: HeaderBlockOwner;
  private readonly pending: [PendingBlock | null, PendingBlock | null] = [null, null];

  constructor(maxBlock: number, owner: HeaderBlockOwner) {
    this.maxBlock = maxBlock;
    this.owner = owner;
  }

  /** A frame of `type` arrived in `dir`: anything but CONTINUATION ends a pending block. */
  interrupt(dir: Direction, type: number): void {
    const b = this.pending[dir];
    if (b === null || type === F.FRAME_CONTINUATION) return;
    this.owner.weird('http2_expected_continuation');
    this.pending[dir] = null;
    this.owner.failStream(b.stream, 'header block interrupted');
  }

  drop(dir: Direction): void {
    this.pending[dir] = null;
  }

  /** A HEADERS, PUSH_PROMISE or CONTINUATION frame. */
  frame(dir: Direction, type: number, flags: number, stream: number, p: Uint8Array, tsMs: number): void {
    if (type === F.FRAME_CONTINUATION) {
      this.continuation(dir, flags, stream, p);
      return;
    }
    let off = 0;
    let end = p.length;
    if (flags & F.FLAG_PADDED) {
      if (p.length < 1) return this.owner.weird('http2_bad_padding');
      end -= p[0];
      off = 1;
    }
    let promised = 0;
    if (type === F.FRAME_PUSH_PROMISE) {
      promised = off + 4 <= p.length ? F.u32(p, off) & 0x7fffffff : 0;
      off += 4;
      if (dir !== 1 || promised === 0 || promised % 2 === 1) this.owner.weird('http2_bad_push_promise');
    } else if (flags & F.FLAG_PRIORITY) off += 5;
    if (end < off || stream === 0) return this.owner.weird(stream === 0 ? 'http2_bad_stream_id' : 'http2_bad_padding');
    const fragment = p.subarray(off, end);
    const wire = F.FRAME_HEADER_LEN + p.length;
    if (flags & F.FLAG_END_HEADERS) {
      this.owner.headerBlock(dir, stream, flags, promised, fragment, wire, tsMs);
      return;
    }
    this.pending[dir] = { stream, flags, promised, chunks: [fragment.slice()], length: fragment.length, wire, tsMs };
  }

  private continuation(dir: Direction, flags: number, stream: number, p: Uint8Array): void {
    const b = this.pending[dir];
    if (b === null || b.stream !== stream) {
      this.owner.weird('http2_unexpected_continuation');
      return;
    }
    b.length += p.length;
    b.wire += F.FRAME_HEADER_LEN + p.length;
    if (b.length > this.maxBlock) {
      this.owner.skipped(dir, F.FRAME_CONTINUATION, stream, b.length, b.tsMs);
      return;
    }
    b.chunks.push(p.slice());
    if (!(flags & F.FLAG_END_HEADERS)) return;
    this.pending[dir] = null;
    const all = new Uint8Array(b.length);
    let at = 0;
    for (const c of b.chunks) {
      all.set(c, at);
      at += c.length;
    }
    this.owner.headerBlock(dir, stream, b.flags, b.promised, all, b.wire, b.tsMs);
  }
}
