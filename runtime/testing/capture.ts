/**
 * Test captures for offline runs: synthetic HTTP/1.1 connections (the project's
 * deterministic corpus generator) spread over a few seconds of packet time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateHttpCorpus } from '../../capture/synth/http-corpus.ts';
import { pcapFileSink } from '../../capture/synth/pcap-sink.ts';

export const CAPTURE_START = Date.parse('2024-01-01T00:00:00Z');

export interface CaptureOptions {
  /** TCP connections, one after the other (each ~10 ms of packet time). Default 300. */
  connections?: number;
  seed?: number;
}

/**
 * Writes the capture: connections run one at a time (unique client ports, so no 5-tuple is
 * reused), which spreads them over a few seconds. Returns the number of HTTP exchanges.
 */
export function writeHttpCapture(path: string, o: CaptureOptions = {}): number {
  const sink = pcapFileSink(path);
  const s = generateHttpCorpus(sink, { connections: o.connections ?? 300, seed: o.seed ?? 1, startMs: CAPTURE_START, concurrency: 1 });
  sink.close();
  return s.exchanges;
}

export async function tempDir(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'wirehook-run-'));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}
