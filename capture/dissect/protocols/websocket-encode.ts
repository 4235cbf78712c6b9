/**
 * WebSocket frame encoding for synthesized traffic and tests (RFC 6455 §5.2): 7-bit,
 * 16-bit and 64-bit lengths, optional masking (client frames), FIN and RSV bits.
 */

export interface WsFrameOptions {
  /** Masking key; client frames must be masked. */
  mask?: Uint8Array;
  /** FIN bit (default true). */
  fin?: boolean;
  /** RSV1..3 as a 3-bit number (RSV1 = 4). */
  rsv?: number;
}

export function wsFrame(opcode: number, payload: Uint8Array | string, o: WsFrameOptions = {}): Uint8Array {
  const p = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
  const n = p.length;
  const ext = n < 126 ? 0 : n < 65536 ? 2 : 8;
  const m = o.mask;
  const out = new Uint8Array(2 + ext + (m ? 4 : 0) + n);
  out[0] = ((o.fin ?? true) ? 0x80 : 0) | ((o.rsv ?? 0) << 4) | opcode;
  out[1] = (m ? 0x80 : 0) | (ext === 0 ? n : ext === 2 ? 126 : 127);
  let at = 2;
  if (ext === 2) {
    out[2] = n >>> 8;
    out[3] = n & 255;
  } else if (ext === 8) {
    const hi = Math.floor(n / 2 ** 32);
    for (let i = 0; i < 4; i++) out[2 + i] = (hi >>> (24 - 8 * i)) & 255;
    for (let i = 0; i < 4; i++) out[6 + i] = (n >>> (24 - 8 * i)) & 255;
  }
  at += ext;
  if (m) {
    out.set(m.subarray(0, 4), at);
    at += 4;
  }
  for (let i = 0; i < n; i++) out[at + i] = m ? p[i] ^ m[i & 3] : p[i];
  return out;
}

/** A close frame payload: 2-octet code + UTF-8 reason. */
export function closePayload(code: number, reason = ''): Uint8Array {
  const r = new TextEncoder().encode(reason);
  const out = new Uint8Array(2 + r.length);
  out[0] = code >>> 8;
  out[1] = code & 255;
  out.set(r, 2);
  return out;
}
