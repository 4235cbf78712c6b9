/**
 * WebSocket framing (RFC 6455 §5) for one direction: 2–14 octet frame headers, then the
 * payload streamed through without buffering; the first `previewCap` payload octets are
 * copied (and unmasked) for the item. A completed frame is handed to the owner with its
 * header fields and preview.
 *
 * Checks (anomalies, parsing goes on): reserved opcodes and 64-bit lengths with the top bit
 * set lose the framing (`ws_bad_opcode`, `ws_bad_length`, then `lost`); control frames longer
 * than 125 octets or fragmented (`ws_bad_control_frame`); client frames must be masked and
 * server frames not (`ws_unmasked_client_frame`, `ws_masked_server_frame`); continuation
 * without a started message (`ws_unexpected_continuation`) and a new message inside a
 * fragmented one (`ws_interleaved_message`).
 */
import type { Direction } from '../../flow/flow.ts';

export interface WsFrame {
  fin: boolean;
  rsv: number;
  opcode: number;
  masked: boolean;
  /** Declared payload length. */
  length: number;
  /** Opcode of the message this frame belongs to (differs from `opcode` for continuations). */
  messageOpcode: number;
  /** Index of this frame within its message (0 = first or only). */
  fragment: number;
  /** Payload octets of the whole message so far, this frame included. */
  messageLength: number;
  /** Unmasked first payload octets (a copy). */
  preview: Uint8Array;
  /** Payload octets lost in a capture gap. */
  lost: number;
  /** Header + payload octets on the wire. */
  wire: number;
  tsMs: number;
}

export interface WsOwner {
  frame(dir: Direction, f: WsFrame): void;
  lost(dir: Direction, reason: string): void;
  weird(name: string): void;
}

const S_HEAD = 0;
const S_PAYLOAD = 1;
const S_DEAD = 2;

export class WsReader {
  private readonly dir: Direction;
  private readonly owner: WsOwner;
  private readonly previewCap: number;
  private state = S_HEAD;
  private readonly hdr = new Uint8Array(14);
  private have = 0;
  /** Packet time of the current header's first octet. */
  private hdrTs = 0;
  private readonly mask = new Uint8Array(4);
  private f: WsFrame | null = null;
  private left = 0;
  private seen = 0;
  private msgOpcode = 0;
  private msgFragments = 0;
  private msgLength = 0;

  constructor(dir: Direction, owner: WsOwner, previewCap: number) {
    this.dir = dir;
    this.owner = owner;
    this.previewCap = previewCap;
  }

  /** The frame in progress (header parsed, payload incomplete), if any. */
  get partial(): WsFrame | null {
    return this.state === S_PAYLOAD ? this.f : null;
  }

  push(b: Uint8Array, tsMs: number): void {
    let i = 0;
    const n = b.length;
    while (i < n && this.state !== S_DEAD) {
      if (this.state === S_HEAD) {
        if (this.have === 0) this.hdrTs = tsMs;
        this.hdr[this.have++] = b[i++];
        const need = this.headerLength();
        if (this.have >= need) this.begin(need);
        continue;
      }
      const take = Math.min(this.left, n - i);
      this.payload(b, i, take);
      i += take;
      if (this.left === 0) this.finish();
    }
  }

  /** `length` octets lost; false when the framing is lost. */
  gap(length: number): boolean {
    if (this.state === S_PAYLOAD && length <= this.left) {
      const f = this.f!;
      f.lost += length;
      this.seen += length;
      this.left -= length;
      if (this.left === 0) this.finish();
      return true;
    }
    this.state = S_DEAD;
    return false;
  }

  private headerLength(): number {
    if (this.have < 2) return 2;
    const l7 = this.hdr[1] & 0x7f;
    return 2 + (l7 === 126 ? 2 : l7 === 127 ? 8 : 0) + (this.hdr[1] & 0x80 ? 4 : 0);
  }

  private begin(hlen: number): void {
    const h = this.hdr;
    this.have = 0;
    const opcode = h[0] & 0x0f;
    if ((opcode > 2 && opcode < 8) || opcode > 10) return this.lose('ws_bad_opcode', `reserved opcode ${opcode}`);
    let len = h[1] & 0x7f;
    let at = 2;
    if (len === 126) {
      len = (h[2] << 8) | h[3];
      at = 4;
    } else if (len === 127) {
      const hi = ((h[2] << 24) >>> 0) + ((h[3] << 16) | (h[4] << 8) | h[5]);
      // The top bit must be 0 (§5.2); beyond 2^53 is not a real frame either.
      if (hi >= 0x200000) return this.lose('ws_bad_length', 'payload length beyond 2^53');
      len = hi * 2 ** 32 + ((h[6] << 24) >>> 0) + ((h[7] << 16) | (h[8] << 8) | h[9]);
      at = 10;
    }
    const masked = (h[1] & 0x80) !== 0;
    if (masked) this.mask.set(h.subarray(at, at + 4));
    const fin = (h[0] & 0x80) !== 0;
    const control = opcode >= 8;
    if (control && (len > 125 || !fin)) this.owner.weird('ws_bad_control_frame');
    if (masked !== (this.dir === 0)) this.owner.weird(this.dir === 0 ? 'ws_unmasked_client_frame' : 'ws_masked_server_frame');
    let messageOpcode = opcode;
    let fragment = 0;
    if (!control) {
      if (opcode === 0) {
        if (this.msgOpcode === 0) this.owner.weird('ws_unexpected_continuation');
        messageOpcode = this.msgOpcode;
        fragment = ++this.msgFragments;
      } else {
        if (this.msgOpcode !== 0) this.owner.weird('ws_interleaved_message');
        this.msgOpcode = opcode;
        this.msgFragments = 0;
        this.msgLength = 0;
      }
      this.msgLength += len;
    }
    this.f = {
      fin, rsv: (h[0] >> 4) & 7, opcode, masked, length: len, messageOpcode, fragment,
      messageLength: control ? len : this.msgLength, preview: new Uint8Array(Math.min(len, this.previewCap)),
      lost: 0, wire: hlen + len, tsMs: this.hdrTs,
    };
    if (!control && fin) this.msgOpcode = 0;
    this.left = len;
    this.seen = 0;
    this.state = S_PAYLOAD;
    if (len === 0) this.finish();
  }

  private payload(b: Uint8Array, i: number, take: number): void {
    const f = this.f!;
    const room = f.preview.length - this.seen;
    if (room > 0) {
      const n = Math.min(room, take);
      const p = f.preview;
      const m = this.mask;
      for (let k = 0; k < n; k++) {
        const pos = this.seen + k;
        p[pos] = f.masked ? b[i + k] ^ m[pos & 3] : b[i + k];
      }
    }
    this.seen += take;
    this.left -= take;
  }

  private finish(): void {
    const f = this.f!;
    this.f = null;
    this.state = S_HEAD;
    this.owner.frame(this.dir, f);
  }

  private lose(weird: string, reason: string): void {
    this.owner.weird(weird);
    this.state = S_DEAD;
    this.owner.lost(this.dir, reason);
  }
}
