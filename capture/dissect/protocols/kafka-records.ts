/**
 * Summary of a Kafka `records` field (Produce requests, Fetch responses): record batches
 * (magic 2) and legacy message sets (magic 0/1), walked by their length fields without
 * copying. The shape, per partition:
 *
 *   { size: number,          // bytes of the records field
 *     batches: number,       // record batches / legacy messages
 *     count: number,         // records (a legacy message counts 1; a wrapper counts 1)
 *     compression: string,   // of the first batch: none | gzip | snappy | lz4 | zstd
 *     baseOffset: number,    // of the first batch (-1 when empty)
 *     records: { offset, timestamp, key, value, headers }[] }
 *                            // the first MAX_SAMPLES records of uncompressed magic-2
 *                            // batches; key/value as text (null when null), capped
 *
 * A Fetch response may end with a partial batch (the broker cuts at max bytes): it is not
 * counted and is not an anomaly.
 */
import { KReader, utf8 } from './kafka-reader.ts';

export const MAX_SAMPLES = 4;
export const SAMPLE_TEXT_CAP = 256;

export interface RecordSample {
  offset: number;
  timestamp: number;
  key: string | null;
  value: string | null;
  headers: Record<string, string | null>;
}

export interface RecordsSummary {
  size: number;
  batches: number;
  count: number;
  compression: string;
  baseOffset: number;
  records: RecordSample[];
}

const CODECS = ['none', 'gzip', 'snappy', 'lz4', 'zstd'];

function text(r: KReader, n: number): string | null {
  if (n < 0) return null;
  if (n > r.left) {
    r.corrupt();
    return null;
  }
  const s = utf8(r.b, r.p, r.p + Math.min(n, SAMPLE_TEXT_CAP));
  r.p += n;
  return s;
}

/** Read up to MAX_SAMPLES − taken records of a magic-2 batch body b[start, end). */
function sampleRecords(b: Uint8Array, start: number, end: number, count: number, baseOffset: number, baseTs: number, out: RecordSample[]): void {
  const r = new KReader(b, start, end);
  for (let i = 0; i < count && out.length < MAX_SAMPLES && !r.bad; i++) {
    const len = r.varint();
    const next = r.p + len;
    if (len < 0 || next > end) return;
    r.i8();
    const ts = baseTs + r.varint();
    const off = baseOffset + r.varint();
    const key = text(r, r.varint());
    const value = text(r, r.varint());
    const headers: Record<string, string | null> = {};
    const nh = r.varint();
    for (let h = 0; h < nh && h < 16 && !r.bad; h++) {
      const k = text(r, r.varint());
      headers[k ?? ''] = text(r, r.varint());
    }
    if (r.bad) return;
    out.push({ offset: off, timestamp: ts, key, value, headers });
    r.p = next;
  }
}

export function summarizeRecords(b: Uint8Array): RecordsSummary {
  const s: RecordsSummary = { size: b.length, batches: 0, count: 0, compression: 'none', baseOffset: -1, records: [] };
  const r = new KReader(b);
  while (r.left >= 17) {
    const start = r.p;
    const baseOffset = r.i64();
    const len = r.i32();
    if (len < 0 || len > r.left) break;
    const end = r.p + len;
    const magic = b[start + 16];
    if (s.batches === 0) s.baseOffset = baseOffset;
    if (magic === 2 && len >= 49) {
      const attrs = (b[start + 21] << 8) | b[start + 22];
      const codec = CODECS[attrs & 7] ?? String(attrs & 7);
      if (s.batches === 0) s.compression = codec;
      r.p = start + 27;
      const baseTs = r.i64();
      r.p = start + 57;
      const count = r.i32();
      s.count += Math.max(0, count);
      if (codec === 'none') sampleRecords(b, start + 61, end, count, baseOffset, baseTs, s.records);
    } else if (magic <= 1) {
      const attrs = b[start + 17] ?? 0;
      if (s.batches === 0) s.compression = CODECS[attrs & 7] ?? String(attrs & 7);
      s.count++;
    } else break;
    s.batches++;
    r.p = end;
  }
  return s;
}
