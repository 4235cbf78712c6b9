/**
 * Pcap/pcapng sources over files, streams and buffers, all driving one PcapParser.
 * Packets are delivered synchronously chunk by chunk (views valid during the callback);
 * the promise resolves with a summary once the input is over, or rejects with a
 * PcapFormatError after every valid packet before the bad record was delivered.
 *
 * Files are read in large chunks (default 4 MiB) into two reused buffers, the next read
 * running on the thread pool while the current chunk is parsed. Streams (a child's stdout
 * such as `tcpdump -U -w -`, process.stdin, a file stream) are consumed as they arrive
 * with backpressure; a stream is destroyed when its content is rejected.
 */
import type { Readable } from 'node:stream';
import type { PacketCallback } from './pcap-record-reader.ts';
import { open } from 'node:fs/promises';
import { PcapParser } from './pcap-parser.ts';

export interface PcapReadSummary {
  format: 'pcap' | 'pcapng';
  packets: number;
  /** Bytes of input parsed. */
  bytes: number;
  /** Link type per interface id. */
  linkTypes: number[];
  /** Timestamps finer than microseconds. */
  nanosecond: boolean;
}

export interface PcapReadOptions {
  /** File read size in bytes (default 4 MiB, at least 64 KiB). Ignored for streams. */
  chunkSize?: number;
  /**
   * Awaited after the packets of each chunk were delivered, before the next chunk is
   * parsed: lets a consumer flush a batch, apply backpressure or yield to the event loop.
   */
  afterChunk?: () => void | Promise<void>;
  /** Stop reading: the promise rejects with the signal's reason at the next chunk. */
  signal?: AbortSignal;
}

const DEFAULT_CHUNK = 4 * 1024 * 1024;
const MIN_CHUNK = 64 * 1024;

function summarize(p: PcapParser): PcapReadSummary {
  return { format: p.format ?? 'pcap', packets: p.packets, bytes: p.bytesConsumed, linkTypes: p.linkTypes, nanosecond: p.nanosecond };
}

/** Read a pcap or pcapng file from disk. */
export async function readPcapFile(path: string, onPacket: PacketCallback, opts: PcapReadOptions = {}): Promise<PcapReadSummary> {
  const size = Math.max(MIN_CHUNK, opts.chunkSize ?? DEFAULT_CHUNK);
  const parser = new PcapParser(onPacket);
  const fh = await open(path, 'r');
  const bufs = [Buffer.allocUnsafeSlow(size), Buffer.allocUnsafeSlow(size)];
  let which = 0;
  let position = 0;
  let pending = fh.read(bufs[0], 0, size, position);
  try {
    for (;;) {
      const { bytesRead } = await pending;
      if (bytesRead === 0) break;
      position += bytesRead;
      const chunk = bufs[which];
      which ^= 1;
      pending = fh.read(bufs[which], 0, size, position);
      opts.signal?.throwIfAborted();
      parser.push(chunk.subarray(0, bytesRead));
      if (opts.afterChunk) await opts.afterChunk();
    }
    parser.end();
    return summarize(parser);
  } finally {
    await pending.catch(() => undefined);
    await fh.close();
  }
}

/** Read a pcap or pcapng byte stream until it ends. */
export async function readPcapStream(readable: Readable, onPacket: PacketCallback, opts: PcapReadOptions = {}): Promise<PcapReadSummary> {
  const parser = new PcapParser(onPacket);
  for await (const chunk of readable) {
    opts.signal?.throwIfAborted();
    parser.push(typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : (chunk as Uint8Array));
    if (opts.afterChunk) await opts.afterChunk();
  }
  parser.end();
  return summarize(parser);
}

/** Read a whole capture held in memory (synchronous). */
export function readPcapBuffer(data: Uint8Array, onPacket: PacketCallback): PcapReadSummary {
  const parser = new PcapParser(onPacket);
  parser.push(data);
  parser.end();
  return summarize(parser);
}
