/**
 * Benchmark corpora: generated once per size and seed into bench/.corpus/ (git-ignored)
 * and reused by later runs. `demoCorpus` is the demo cluster's mixed traffic (HTTP/1.1,
 * gRPC, DNS, Redis, Kafka, TLS, Postgres as raw TCP), as `wirehook generate` writes it.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { writeDemoCapture } from '../capture/synth/demo/demo-capture.ts';
import { generateHttpCorpus } from '../capture/synth/http-corpus.ts';
import { pcapFileSink } from '../capture/synth/pcap-sink.ts';
import type { FrameSink } from '../capture/synth/tcp-conversation.ts';

export const CORPUS_DIR = fileURLToPath(new URL('./.corpus/', import.meta.url));

/** Path of a corpus file, generating it with `write` when missing. */
export function corpusFile(name: string, write: (sink: FrameSink) => void): string {
  mkdirSync(CORPUS_DIR, { recursive: true });
  const path = CORPUS_DIR + name;
  if (!existsSync(path)) {
    const tmp = path + '.partial';
    const sink = pcapFileSink(tmp);
    write(sink);
    sink.close();
    renameSync(tmp, path);
  }
  return path;
}

export function httpCorpus(connections: number, seed = 1): string {
  return corpusFile(`http-${connections}-s${seed}.pcap`, (sink) => generateHttpCorpus(sink, { connections, seed }));
}

/** The demo cluster's traffic (capture/synth/demo) until `connections` connections started, at 40 requests/s. */
export function demoCorpus(connections: number, seed = 1): string {
  return corpusFile(`demo-${connections}-s${seed}.pcap`, (sink) => void writeDemoCapture(sink, { connections, seed, rate: 40 }));
}
