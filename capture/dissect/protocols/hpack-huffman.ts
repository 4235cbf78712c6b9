/**
 * HPACK Huffman code (RFC 7541 §5.2, Appendix B). The code is canonical, so it is fully
 * described by the code length of each of the 257 symbols (256 octets + EOS); codes are
 * assigned in order of length, then symbol.
 *
 * Decoding walks a table built once at load: for every internal node of the code tree
 * and every 4-bit input nibble, the node reached, the symbol emitted on the way (the
 * shortest code is 5 bits, so at most one per nibble) and whether EOS was hit (an error).
 * A string ends validly only in a node that is at most 7 bits deep on an all-ones path
 * (the EOS prefix used as padding).
 */

/** Code length in bits of symbols 0..256 (256 = EOS). */
const LENGTHS = [
  13, 23, 28, 28, 28, 28, 28, 28, 28, 24, 30, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 30, 28, 28, 28, 28, 28, 28, 28, 28, 28,
  6, 10, 10, 12, 13, 6, 8, 11, 10, 10, 8, 11, 8, 6, 6, 6, 5, 5, 5, 6, 6, 6, 6, 6, 6, 6, 7, 8, 15, 6, 12, 10,
  13, 6, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 8, 7, 8, 13, 19, 13, 14, 6,
  15, 5, 6, 5, 6, 5, 6, 6, 6, 5, 7, 7, 6, 6, 6, 5, 6, 7, 6, 5, 5, 6, 7, 7, 7, 7, 7, 15, 11, 14, 13, 28,
  20, 22, 20, 20, 22, 22, 22, 23, 22, 23, 23, 23, 23, 23, 24, 23, 24, 24, 22, 23, 24, 23, 23, 23, 23, 21, 22, 23, 22, 23, 23, 24,
  22, 21, 20, 22, 22, 23, 23, 21, 23, 22, 22, 24, 21, 22, 23, 23, 21, 21, 22, 21, 23, 22, 23, 23, 20, 22, 22, 22, 23, 22, 22, 23,
  26, 26, 20, 19, 22, 23, 22, 25, 26, 26, 26, 27, 27, 26, 24, 25, 19, 21, 26, 27, 27, 26, 27, 24, 21, 21, 26, 26, 28, 27, 27, 27,
  20, 24, 20, 21, 22, 21, 21, 23, 22, 22, 25, 25, 24, 24, 26, 23, 26, 27, 26, 26, 27, 27, 27, 27, 27, 28, 27, 27, 27, 27, 27, 26,
  30,
];

const EOS = 256;

/** Canonical code of each symbol (right-aligned in `LENGTHS[s]` bits). */
export const HUFFMAN_CODES: readonly number[] = (() => {
  const syms = LENGTHS.map((_, i) => i).sort((a, b) => LENGTHS[a] - LENGTHS[b] || a - b);
  const codes = new Array<number>(LENGTHS.length);
  let code = 0;
  let len = LENGTHS[syms[0]];
  for (const s of syms) {
    code = code * 2 ** (LENGTHS[s] - len);
    len = LENGTHS[s];
    codes[s] = code++;
  }
  return codes;
})();

export const HUFFMAN_LENGTHS: readonly number[] = LENGTHS;

// Nibble transition table: entry (state << 4 | nibble) → next state, symbol+1 (0 = none), fail.
const NEXT = new Uint16Array(256 * 16);
const EMIT = new Uint16Array(256 * 16);
const FAIL = new Uint8Array(256 * 16);
const ACCEPT = new Uint8Array(256);

(function build() {
  // Tree of internal nodes; a child < 0 is a leaf holding symbol -(child + 1).
  const kids: [number, number][] = [[0, 0]];
  const depth = [0];
  const ones = [1];
  for (let s = 0; s < LENGTHS.length; s++) {
    const len = LENGTHS[s];
    const code = HUFFMAN_CODES[s];
    let node = 0;
    for (let b = len - 1; b >= 0; b--) {
      const bit = Math.floor(code / 2 ** b) & 1;
      if (b === 0) {
        kids[node][bit] = -(s + 1);
        break;
      }
      let next = kids[node][bit];
      if (next <= 0) {
        next = kids.length;
        kids.push([0, 0]);
        depth.push(depth[node] + 1);
        ones.push(ones[node] && bit === 1 ? 1 : 0);
        kids[node][bit] = next;
      }
      node = next;
    }
  }
  for (let state = 0; state < kids.length; state++) {
    ACCEPT[state] = depth[state] <= 7 && ones[state] === 1 ? 1 : 0;
    for (let nib = 0; nib < 16; nib++) {
      let cur = state;
      let emit = 0;
      let fail = 0;
      for (let b = 3; b >= 0; b--) {
        const child = kids[cur][(nib >> b) & 1];
        if (child < 0) {
          const sym = -child - 1;
          if (sym === EOS) fail = 1;
          else emit = sym + 1;
          cur = 0;
        } else cur = child;
      }
      const at = (state << 4) | nib;
      NEXT[at] = cur;
      EMIT[at] = emit;
      FAIL[at] = fail;
    }
  }
})();

let scratch = new Uint8Array(4096);

/**
 * Decode the Huffman-coded octets b[start, end) into a latin1 string (octet per char).
 * Returns null on an invalid code (EOS inside the string, bad padding).
 */
export function huffmanDecode(b: Uint8Array, start: number, end: number): string | null {
  // Each input octet yields at most 8/5 symbols.
  const need = Math.ceil(((end - start) * 8) / 5);
  if (need > scratch.length) scratch = new Uint8Array(need * 2);
  const out = scratch;
  let n = 0;
  let state = 0;
  for (let i = start; i < end; i++) {
    const byte = b[i];
    let at = (state << 4) | (byte >> 4);
    if (FAIL[at]) return null;
    if (EMIT[at]) out[n++] = EMIT[at] - 1;
    state = NEXT[at];
    at = (state << 4) | (byte & 15);
    if (FAIL[at]) return null;
    if (EMIT[at]) out[n++] = EMIT[at] - 1;
    state = NEXT[at];
  }
  if (!ACCEPT[state]) return null;
  if (n <= 64) return String.fromCharCode.apply(null, out.subarray(0, n) as unknown as number[]);
  return Buffer.from(out.buffer, out.byteOffset, n).toString('latin1');
}

/** Huffman-encode a latin1 string (for tests and synthesized traffic). */
export function huffmanEncode(s: string): Uint8Array {
  let bits = 0;
  for (let i = 0; i < s.length; i++) bits += LENGTHS[s.charCodeAt(i) & 255];
  const out = new Uint8Array(Math.ceil(bits / 8));
  let pos = 0;
  for (let i = 0; i < s.length; i++) {
    const sym = s.charCodeAt(i) & 255;
    const code = HUFFMAN_CODES[sym];
    for (let b = LENGTHS[sym] - 1; b >= 0; b--, pos++) {
      if (Math.floor(code / 2 ** b) & 1) out[pos >> 3] |= 0x80 >> (pos & 7);
    }
  }
  // Pad with the most significant bits of EOS (all ones).
  for (; pos & 7; pos++) out[pos >> 3] |= 0x80 >> (pos & 7);
  return out;
}
