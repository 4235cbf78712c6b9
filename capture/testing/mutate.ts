/** Fuzz helper: one random mutation of a frame (bit flips, truncation, byte runs, a random header byte). */
export function mutateFrame(rand: () => number, data: Uint8Array): Uint8Array {
  const d = data.slice();
  const r = rand();
  if (r < 0.4) {
    const n = 1 + Math.floor(rand() * 4);
    for (let i = 0; i < n; i++) d[Math.floor(rand() * d.length)] ^= 1 << Math.floor(rand() * 8);
    return d;
  }
  if (r < 0.6) return d.subarray(0, Math.floor(rand() * d.length));
  if (r < 0.8) {
    const at = Math.floor(rand() * d.length);
    const len = Math.floor(rand() * 40);
    d.fill(rand() < 0.5 ? 0xff : 0, at, at + len);
    return d;
  }
  const at = 14 + Math.floor(rand() * Math.max(1, d.length - 14));
  d[at] = Math.floor(rand() * 256);
  return d;
}
