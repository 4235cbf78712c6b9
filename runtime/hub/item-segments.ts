/**
 * On-disk item segments under `<dataDir>/items/` (DESIGN.md §6): every stored item is
 * appended, in store order, to the open segment as one line (segment-line.ts).
 *
 * Lifecycle of a segment:
 *  1. `open-<first>.items` receives appends (synchronous, batched by the caller, so a read
 *     always sees whole lines);
 *  2. at `segmentBytes` it is sealed: renamed to `<first>-<last>-<minTs>-<maxTs>.items`, so
 *     a restart rebuilds the index from names alone (an open segment found at start is
 *     scanned, cut after its last whole line and sealed);
 *  3. it is deleted, oldest first, when the segments exceed `maxBytes` or when it was last
 *     written longer than `maxAgeMs` ago (wall clock: replayed captures have old packet
 *     times). The store counts what that evicts.
 * Seqs are contiguous within a segment and increase across segments.
 */
import { closeSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { lineSeq, lineTs } from './segment-line.ts';

export interface SegmentInfo {
  file: string;
  first: number;
  last: number;
  minTs: number;
  maxTs: number;
  bytes: number;
  /** Wall-clock time of the last append, epoch ms. */
  writtenAt: number;
}

export interface SegmentOptions {
  dir: string;
  segmentBytes: number;
  maxBytes: number;
  maxAgeMs: number;
  now: () => number;
}

const SEALED = /^(\d+)-(\d+)-(-?\d+)-(-?\d+)\.items$/;
const OPEN = /^open-(\d+)\.items$/;
const pad = (n: number): string => String(n).padStart(12, '0');
/** Decoded segments kept for paging through the same old window. */
const READ_CACHE = 2;

export class ItemSegments {
  /** Sealed segments, oldest first; the open one (if any) is `current`. */
  readonly sealed: SegmentInfo[] = [];
  current: SegmentInfo | null = null;
  private fd = -1;
  private bytes = 0;
  private readonly cache = new Map<string, string[]>();

  private constructor(private readonly o: SegmentOptions) {}

  /** Opens (creating) the folder and indexes the segments a previous run left. */
  static open(o: SegmentOptions): ItemSegments {
    const s = new ItemSegments(o);
    mkdirSync(o.dir, { recursive: true });
    for (const name of readdirSync(o.dir).sort()) {
      const m = SEALED.exec(name);
      if (m) s.index(name, +m[1], +m[2], +m[3], +m[4]);
      else if (OPEN.test(name)) s.recover(name);
    }
    s.sealed.sort((a, b) => a.first - b.first);
    return s;
  }

  /** Seq after the newest item on disk (1 for an empty folder). */
  get nextSeq(): number {
    const last = this.current ?? this.sealed[this.sealed.length - 1];
    return last ? last.last + 1 : 1;
  }

  /** Oldest seq on disk, or null. */
  get oldestSeq(): number | null {
    return (this.sealed[0] ?? this.current)?.first ?? null;
  }

  get totalBytes(): number {
    return this.bytes;
  }

  /** Newest first: the open segment, then the sealed ones. */
  newestFirst(): SegmentInfo[] {
    const out = this.sealed.slice().reverse();
    if (this.current) out.unshift(this.current);
    return out;
  }

  /** Appends whole lines for seqs first..last (contiguous, after `nextSeq - 1`). Throws on I/O errors. */
  append(lines: string, first: number, last: number, minTs: number, maxTs: number): void {
    let seg = this.current;
    if (!seg) {
      seg = { file: `open-${pad(first)}.items`, first, last, minTs, maxTs, bytes: 0, writtenAt: this.o.now() };
      this.fd = openSync(path.join(this.o.dir, seg.file), 'a');
      this.current = seg;
    }
    const buf = Buffer.from(lines, 'utf8');
    writeSync(this.fd, buf);
    seg.last = last;
    seg.minTs = Math.min(seg.minTs, minTs);
    seg.maxTs = Math.max(seg.maxTs, maxTs);
    seg.bytes += buf.length;
    seg.writtenAt = this.o.now();
    this.bytes += buf.length;
    if (seg.bytes >= this.o.segmentBytes) this.seal();
  }

  /** Deletes segments over the size or age limit, oldest first; returns what was deleted. */
  enforce(): SegmentInfo[] {
    const gone: SegmentInfo[] = [];
    const tooOld = this.o.now() - this.o.maxAgeMs;
    for (;;) {
      const oldest = this.sealed[0] ?? this.current;
      if (!oldest || (this.bytes <= this.o.maxBytes && oldest.writtenAt >= tooOld)) break;
      if (oldest === this.current) this.seal();
      this.sealed.shift();
      this.bytes -= oldest.bytes;
      this.cache.delete(oldest.file);
      rmSync(path.join(this.o.dir, oldest.file), { force: true });
      gone.push(oldest);
    }
    return gone;
  }

  /** The lines of a segment, oldest first (empty if it was deleted meanwhile). */
  async lines(seg: SegmentInfo): Promise<string[]> {
    const cached = this.cache.get(seg.file);
    if (cached) return cached;
    let text: string;
    try {
      text = await readFile(path.join(this.o.dir, seg.file), 'utf8');
    } catch {
      return [];
    }
    const lines = text.split('\n');
    lines.pop();
    if (seg !== this.current) {
      this.cache.set(seg.file, lines);
      if (this.cache.size > READ_CACHE) this.cache.delete(this.cache.keys().next().value!);
    }
    return lines;
  }

  /** Seals the open segment (the next append starts a new one). */
  seal(): void {
    const seg = this.current;
    if (!seg) return;
    closeSync(this.fd);
    this.fd = -1;
    this.current = null;
    const name = `${pad(seg.first)}-${pad(seg.last)}-${seg.minTs}-${seg.maxTs}.items`;
    renameSync(path.join(this.o.dir, seg.file), path.join(this.o.dir, name));
    seg.file = name;
    this.sealed.push(seg);
  }

  close(): void {
    try {
      this.seal();
    } catch {
      // The folder vanished: nothing left to keep.
    }
    this.cache.clear();
  }

  private index(file: string, first: number, last: number, minTs: number, maxTs: number): void {
    const st = statSync(path.join(this.o.dir, file));
    this.sealed.push({ file, first, last, minTs, maxTs, bytes: st.size, writtenAt: st.mtimeMs });
    this.bytes += st.size;
  }

  /** An open segment of a previous run: keep its whole lines and seal it. */
  private recover(file: string): void {
    const full = path.join(this.o.dir, file);
    const text = readFileSync(full, 'utf8');
    const end = text.lastIndexOf('\n') + 1;
    let first = -1;
    let last = -1;
    let minTs = Infinity;
    let maxTs = -Infinity;
    for (const line of text.slice(0, end).split('\n')) {
      const seq = lineSeq(line);
      const ts = lineTs(line);
      if (!Number.isInteger(seq) || !Number.isFinite(ts)) continue;
      if (first < 0) first = seq;
      last = seq;
      minTs = Math.min(minTs, ts);
      maxTs = Math.max(maxTs, ts);
    }
    if (first < 0) return rmSync(full, { force: true });
    const fd = openSync(full, 'r+');
    ftruncateSync(fd, Buffer.byteLength(text.slice(0, end)));
    closeSync(fd);
    const name = `${pad(first)}-${pad(last)}-${minTs}-${maxTs}.items`;
    renameSync(full, path.join(this.o.dir, name));
    this.index(name, first, last, minTs, maxTs);
  }
}
