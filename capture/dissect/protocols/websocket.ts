/**
 * WebSocket dissector (RFC 6455), reached only by handoff after an HTTP/1.1 `Upgrade:
 * websocket` answered by `101 Switching Protocols`. Every frame is one item: client frames
 * as `request`, server frames as `response` (the other side null). Frame fields:
 *
 *   {opcode, opcodeName, fin, masked, compressed, payloadLength, payload, payloadEncoding,
 *    payloadTruncated, fragment, messageOpcode, messageLength[, closeCode, closeReason]}
 *
 * `payload` is a preview of the first `previewCap` unmasked octets: UTF-8 text for text
 * frames (and continuations of text messages), else base64 (`payloadEncoding` says which);
 * `compressed` is RSV1 (permessage-deflate; the payload is shown as sent). `fragment` is the
 * frame's index within its message, `messageOpcode` the message's opcode and
 * `messageLength` the message's payload octets so far. Close frames add `closeCode`
 * (0 when absent) and `closeReason`.
 */
import type { Direction } from '../../flow/flow.ts';
import type { Message, ProtocolInfo } from '../../item.ts';
import type { FlowParser, ParserContext } from '../descriptor.ts';
import { defineDissector } from '../descriptor.ts';
import type { DissectorDescriptor } from '../descriptor.ts';
import { WsReader } from './websocket-reader.ts';
import type { WsFrame, WsOwner } from './websocket-reader.ts';

export const WS_PROTOCOL: ProtocolInfo = Object.freeze({
  name: 'ws',
  version: '13',
  abbr: 'WS',
  longName: 'WebSocket Protocol',
  macro: 'ws',
  backgroundColor: '#5c2d91',
  foregroundColor: '#ffffff',
  fontSize: 12,
  referenceLink: 'https://datatracker.ietf.org/doc/html/rfc6455',
  ports: Object.freeze(['80', '443', '8080']) as string[],
  layer4: 'tcp',
  priority: 0,
});

export const WS_OPCODES: Record<number, string> = { 0: 'continuation', 1: 'text', 2: 'binary', 8: 'close', 9: 'ping', 10: 'pong' };

export interface WebSocketOptions {
  /** Payload octets copied per frame for the preview. Default 1024. */
  previewCap?: number;
}

export function frameFields(f: WsFrame): Record<string, any> {
  const p = Buffer.from(f.preview.buffer, f.preview.byteOffset, f.preview.byteLength);
  const compressed = (f.rsv & 4) !== 0;
  const text = f.messageOpcode === 1 && !compressed;
  const fields: Record<string, any> = {
    opcode: f.opcode,
    opcodeName: WS_OPCODES[f.opcode] ?? 'reserved',
    fin: f.fin,
    masked: f.masked,
    compressed,
    payloadLength: f.length,
    payload: '',
    payloadEncoding: text ? 'utf8' : 'base64',
    payloadTruncated: f.preview.length < f.length,
    fragment: f.fragment,
    messageOpcode: f.messageOpcode,
    messageLength: f.messageLength,
  };
  if (f.opcode === 8) {
    fields.closeCode = p.length >= 2 ? p.readUInt16BE(0) : 0;
    fields.closeReason = p.length > 2 ? p.toString('utf8', 2) : '';
    fields.payload = p.toString('base64');
    fields.payloadEncoding = 'base64';
  } else fields.payload = p.toString(text ? 'utf8' : 'base64');
  return fields;
}

class WebSocketParser implements FlowParser, WsOwner {
  private readonly ctx: ParserContext;
  private readonly readers: [WsReader, WsReader];
  private done = false;

  constructor(ctx: ParserContext, previewCap: number) {
    this.ctx = ctx;
    this.readers = [new WsReader(0, this, previewCap), new WsReader(1, this, previewCap)];
  }

  data(dir: Direction, bytes: Uint8Array, tsMs: number): void {
    if (!this.done) this.readers[dir].push(bytes, tsMs);
  }

  gap(dir: Direction, length: number, _tsMs: number): void {
    if (this.done || this.readers[dir].gap(length)) return;
    this.ctx.weird('ws_gap');
    this.lost(dir, 'capture gap between frames');
  }

  end(_tsMs: number): void {
    if (this.done) return;
    this.done = true;
    for (const dir of [0, 1] as const) {
      const f = this.readers[dir].partial;
      if (f === null) continue;
      this.ctx.weird('ws_truncated_frame');
      this.emit(dir, f, 'frame truncated at the end of the flow');
    }
  }

  frame(dir: Direction, f: WsFrame): void {
    this.emit(dir, f, f.lost > 0 ? `${f.lost} payload bytes lost in a capture gap` : '');
  }

  lost(_dir: Direction, reason: string): void {
    if (this.done) return;
    this.done = true;
    this.ctx.violate(reason);
  }

  weird(name: string): void {
    this.ctx.weird(name);
  }

  private emit(dir: Direction, f: WsFrame, error: string): void {
    const m: Message = { kind: dir === 0 ? 'request' : 'response', tsMs: f.tsMs, size: f.wire, fields: frameFields(f) };
    this.ctx.item({
      request: dir === 0 ? m : null,
      response: dir === 1 ? m : null,
      error: error === '' ? null : { type: 'dissection', msg: error },
    });
  }
}

export function createWebSocketDissector(opts: WebSocketOptions = {}): DissectorDescriptor {
  const previewCap = opts.previewCap ?? 1024;
  return defineDissector({
    id: 'websocket',
    protocol: WS_PROTOCOL,
    transport: 'tcp',
    ports: [],
    pairing: 'none',
    handoffOnly: true,
    detect: () => 0,
    createParser: (ctx) => new WebSocketParser(ctx, previewCap),
  });
}

export const websocket = createWebSocketDissector();
