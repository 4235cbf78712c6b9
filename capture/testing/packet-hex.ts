/**
 * Test helpers for decoder vectors: `hex()` turns commented hex fields into bytes, and
 * `decodeFrame()` runs one frame through a fresh PacketDecoder.
 *
 *   const f = hex(
 *     '45 00 00 3c', // v4, IHL 5, TOS 0, total length 60
 *     ...
 *   );
 */
import type { DecodeStatus, PacketDecoderOptions } from '../decode/packet-decoder.ts';
import type { LinkName } from './packet-wire.ts';
import { DecodedPacket } from '../decode/decoded-packet.ts';
import { PacketDecoder } from '../decode/packet-decoder.ts';
import { Weirds } from '../weird.ts';
import { toRawPacket } from './packet-builder.ts';

/** Bytes from hex strings; whitespace is ignored. Throws on an odd digit count or a non-hex character. */
export function hex(...parts: string[]): Uint8Array {
  const s = parts.join('').replace(/\s+/g, '');
  if (s.length % 2 !== 0 || /[^0-9a-fA-F]/.test(s)) throw new TypeError(`hex(): malformed input ${JSON.stringify(s)}`);
  const out = new Uint8Array(s.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(s.slice(2 * i, 2 * i + 2), 16);
  return out;
}

export interface DecodedFrame {
  status: DecodeStatus;
  pkt: DecodedPacket;
  weirds: Record<string, number>;
}

/** Decode one frame with a fresh decoder (`origLen` > frame length simulates a snaplen cut). */
export function decodeFrame(
  frame: Uint8Array,
  opts: { link?: LinkName; linkType?: number; origLen?: number; tsMs?: number; decoder?: PacketDecoderOptions } = {},
): DecodedFrame {
  const weirds = new Weirds();
  const pkt = new DecodedPacket();
  const raw = toRawPacket(frame, { link: opts.link, origLen: opts.origLen, tsMs: opts.tsMs });
  if (opts.linkType !== undefined) raw.linkType = opts.linkType;
  const status = new PacketDecoder(weirds, opts.decoder).decode(raw, pkt);
  return { status, pkt, weirds: weirds.toJSON() };
}
