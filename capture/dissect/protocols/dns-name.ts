/**
 * Domain names in DNS wire format (RFC 1035 §3.1, §4.1.4), with compression pointers.
 *
 * Loop protection: a pointer must point strictly before the start of the label run that
 * contains it, so every jump goes backwards and reading always terminates; a forward or
 * self pointer, or more than MAX_JUMPS jumps, is `dns_compression_loop`. Other anomalies:
 * `dns_bad_label_type` (0x40/0x80 label types), `dns_name_too_long` (> 255 bytes),
 * `dns_truncated` (the name runs past the message).
 *
 * Text form: labels joined by "." without the trailing dot; the root name is ".".
 * Bytes outside printable ASCII, and "." or "\" inside a label, are escaped as in
 * presentation format (`\DDD`, `\.`, `\\`).
 */

const MAX_JUMPS = 32;
const MAX_NAME = 255;

function plainLabel(b: Uint8Array, s: number, e: number): boolean {
  for (let i = s; i < e; i++) {
    const c = b[i];
    if (c <= 32 || c >= 127 || c === 46 || c === 92) return false;
  }
  return true;
}

function escapedLabel(b: Uint8Array, s: number, e: number): string {
  let out = '';
  for (let i = s; i < e; i++) {
    const c = b[i];
    if (c === 46 || c === 92) out += '\\' + String.fromCharCode(c);
    else if (c <= 32 || c >= 127) out += '\\' + String(c).padStart(3, '0');
    else out += String.fromCharCode(c);
  }
  return out;
}

/** Reads one name; results in `name` and `end` (offset after the name where it started). */
export class NameReader {
  name = '';
  end = 0;
  private readonly weird: (n: string) => void;

  constructor(weird: (n: string) => void) {
    this.weird = weird;
  }

  /** Read the name at b[off]. Returns false (and counts a weird) when it is malformed. */
  read(b: Uint8Array, off: number): boolean {
    const n = b.length;
    let p = off;
    let runStart = off;
    let end = -1;
    let jumps = 0;
    let total = 0;
    let name = '';
    for (;;) {
      if (p >= n) return this.fail('dns_truncated');
      const l = b[p];
      if (l === 0) {
        if (end < 0) end = p + 1;
        break;
      }
      const kind = l & 0xc0;
      if (kind === 0xc0) {
        if (p + 1 >= n) return this.fail('dns_truncated');
        const target = ((l & 0x3f) << 8) | b[p + 1];
        if (end < 0) end = p + 2;
        if (target >= runStart || ++jumps > MAX_JUMPS) return this.fail('dns_compression_loop');
        p = runStart = target;
        continue;
      }
      if (kind !== 0) return this.fail('dns_bad_label_type');
      const s = p + 1;
      const e = s + l;
      if (e > n) return this.fail('dns_truncated');
      total += l + 1;
      if (total > MAX_NAME) return this.fail('dns_name_too_long');
      const label = plainLabel(b, s, e) ? latin1(b, s, e) : escapedLabel(b, s, e);
      name = name === '' ? label : name + '.' + label;
      p = e;
    }
    this.name = name === '' ? '.' : name;
    this.end = end;
    return true;
  }

  private fail(weird: string): false {
    this.weird(weird);
    this.name = '';
    this.end = -1;
    return false;
  }
}

function latin1(b: Uint8Array, s: number, e: number): string {
  if (e - s <= 16) {
    let out = '';
    for (let i = s; i < e; i++) out += String.fromCharCode(b[i]);
    return out;
  }
  return Buffer.from(b.buffer, b.byteOffset + s, e - s).toString('latin1');
}

/** Skip the name at b[off] without decoding it (for detect). Returns the offset after it, or -1. */
export function skipName(b: Uint8Array, off: number, limit: number): number {
  let p = off;
  let total = 0;
  while (p < limit) {
    const l = b[p];
    if (l === 0) return p + 1;
    if ((l & 0xc0) === 0xc0) return p + 2 <= limit && (((l & 0x3f) << 8) | b[p + 1]) < off ? p + 2 : -1;
    if ((l & 0xc0) !== 0) return -1;
    total += l + 1;
    if (total > MAX_NAME) return -1;
    p += l + 1;
  }
  return -1;
}
