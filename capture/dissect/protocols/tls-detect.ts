/**
 * `detect()` for TLS: a handshake record (content type 22, version 3.x) whose first
 * message is a ClientHello (client side: certain) or a ServerHello (server side: 0.9).
 * Mid-stream records (application data) score 0: without the handshake there is nothing
 * to report, and raw TCP counts the bytes.
 */
export function detectTls(b: Uint8Array, dir: 0 | 1): number {
  if (b.length === 0 || b[0] !== 0x16) return 0;
  if (b.length < 3) return 0.4;
  if (b[1] !== 3 || b[2] > 4) return 0;
  if (b.length < 6) return 0.5;
  const len = (b[3] << 8) | b[4];
  if (len < 4 || len > 16384 + 2048) return 0;
  if (dir === 0) return b[5] === 1 ? 1 : 0;
  return b[5] === 2 ? 0.9 : 0;
}
