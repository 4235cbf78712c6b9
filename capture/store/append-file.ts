/**
 * An append-only file as a Writable: chunks are written in order with positional-free
 * `fs.writev` on one descriptor, never fsync'd per chunk (the page cache is the buffer;
 * `sync()` exists for the rare caller that needs durability). Ownership of written chunks
 * passes to the file: callers must not reuse a buffer after `write(buf)`.
 *
 * Besides the Writable contract it tells how far the OS has the data (`written`) so
 * readers can wait until a byte range is readable back (`settled(upTo)`), and how much is
 * still queued in memory (`writableLength`) so producers that must not block can drop.
 */
import { Writable } from 'node:stream';
import { close, fsync, open, writev } from 'node:fs';

export class AppendFile extends Writable {
  /** Bytes handed to the OS (readable back from the file). */
  written = 0;
  /** Bytes accepted by write() so far. */
  accepted = 0;
  private fd = -1;
  private readonly waiters: { upTo: number; resolve: () => void; reject: (e: Error) => void }[] = [];
  private failure: Error | null = null;

  constructor(readonly path: string) {
    super({ highWaterMark: 4 * 1024 * 1024, decodeStrings: false });
    this.on('error', (e) => this.fail(e));
  }

  override write(chunk: Uint8Array, cb?: (error?: Error | null) => void): boolean;
  override write(chunk: Uint8Array, encoding?: BufferEncoding, cb?: (error?: Error | null) => void): boolean;
  override write(chunk: Uint8Array, a?: unknown, b?: unknown): boolean {
    this.accepted += chunk.length;
    return super.write(chunk, a as BufferEncoding, b as (error?: Error | null) => void);
  }

  /** Resolves once the first `upTo` bytes (default: all accepted) are in the file. */
  settled(upTo = this.accepted): Promise<void> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.written >= upTo) return Promise.resolve();
    return new Promise((resolve, reject) => this.waiters.push({ upTo, resolve, reject }));
  }

  /** Ends the file; resolves when every byte is written (rejects with the write error). */
  close(): Promise<void> {
    return new Promise((resolve, reject) => {
      if (this.failure) return reject(this.failure);
      this.once('error', reject);
      this.end(() => {
        this.off('error', reject);
        resolve();
      });
    });
  }

  /** fsync the data written so far. */
  sync(): Promise<void> {
    return this.settled().then(
      () =>
        new Promise<void>((resolve, reject) => {
          if (this.fd < 0) return resolve();
          fsync(this.fd, (e) => (e ? reject(e) : resolve()));
        }),
    );
  }

  override _construct(cb: (error?: Error | null) => void): void {
    open(this.path, 'a', 0o644, (e, fd) => {
      if (e) return cb(e);
      this.fd = fd;
      cb();
    });
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (error?: Error | null) => void): void {
    this.writeAll([chunk], chunk.length, cb);
  }

  override _writev(chunks: { chunk: Buffer }[], cb: (error?: Error | null) => void): void {
    let n = 0;
    const bufs = chunks.map((c) => {
      n += c.chunk.length;
      return c.chunk;
    });
    this.writeAll(bufs, n, cb);
  }

  override _destroy(err: Error | null, cb: (error?: Error | null) => void): void {
    if (err) this.fail(err);
    else if (this.written < this.accepted) this.fail(new Error(`${this.path}: closed before ${this.accepted - this.written} bytes were written`));
    if (this.fd < 0) return cb(err);
    const fd = this.fd;
    this.fd = -1;
    close(fd, () => cb(err));
  }

  override _final(cb: (error?: Error | null) => void): void {
    cb();
  }

  private writeAll(bufs: Buffer[], n: number, cb: (error?: Error | null) => void): void {
    writev(this.fd, bufs, (e, done) => {
      if (e) return cb(e);
      this.written += done;
      if (done < n) return this.writeAll(rest(bufs, done), n - done, cb);
      this.wake();
      cb();
    });
  }

  private wake(): void {
    for (let i = 0; i < this.waiters.length; ) {
      const w = this.waiters[i];
      if (this.written >= w.upTo) {
        this.waiters.splice(i, 1);
        w.resolve();
      } else i++;
    }
  }

  private fail(e: Error): void {
    this.failure ??= e;
    for (const w of this.waiters.splice(0)) w.reject(this.failure);
  }
}

/** The buffers after skipping `skip` bytes (a short writev). */
function rest(bufs: Buffer[], skip: number): Buffer[] {
  const out: Buffer[] = [];
  for (const b of bufs) {
    if (skip >= b.length) {
      skip -= b.length;
      continue;
    }
    out.push(skip > 0 ? b.subarray(skip) : b);
    skip = 0;
  }
  return out;
}
