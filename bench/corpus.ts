/**
 * Benchmark corpora: generated once per size and seed into bench/.corpus/ (git-ignored)
 * and reused by later runs.
 */
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
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
