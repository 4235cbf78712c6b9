/**
 * The HTTP/2 and WebSocket corpus generators: their pcaps dissect into exactly the items
 * they claim (no anomaly), tshark decodes the same streams and frames, and a seed
 * reproduces the same bytes.
 */
import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Item } from '../item.ts';
import { Pipeline } from '../pipeline.ts';
import { replayPcapFile } from '../replay.ts';
import { tempDir } from '../testing/pcap-fixtures.ts';
import { tsharkH2Exchanges, tsharkWsFrames } from '../testing/tshark-h2.ts';
import { generateHttp2Corpus } from './http2.ts';
import { pcapMemorySink } from './pcap-sink.ts';
import { generateWebSocketCorpus } from './websocket.ts';

async function dissect(buf: Buffer, dir: string, name: string): Promise<{ items: Item[]; weirds: Record<string, number>; file: string }> {
  const file = join(dir, name);
  writeFileSync(file, buf);
  const items: Item[] = [];
  const p = new Pipeline({ onItem: (i) => items.push(i) });
  await replayPcapFile(file, p);
  return { items, weirds: p.weirds.toJSON(), file };
}

test('HTTP/2 corpus: one item per stream, gRPC and GraphQL shares, tshark agrees', async (t) => {
  const tmp = await tempDir('wh-synth-h2-');
  try {
    const sink = pcapMemorySink();
    const sum = generateHttp2Corpus(sink, { connections: 60, seed: 3 });
    const { items, weirds, file } = await dissect(sink.toBuffer(), tmp.dir, 'h2.pcap');
    t.deepEqual(weirds, {});
    t.is(items.length, sum.streams);
    t.is(items.filter((i) => i.protocol.macro === 'grpc').length, sum.grpc);
    t.is(items.filter((i) => i.protocol.macro === 'gql').length, sum.graphql);
    t.true(sum.grpc > 0 && sum.graphql > 0 && sum.streams > sum.grpc + sum.graphql);
    t.true(items.every((i) => i.error === null && i.response !== null && i.request !== null));
    const theirs = (await tsharkH2Exchanges(file, [8080])).map((x) => `${x.method} ${x.path} ${x.status} ${x.grpcStatus}`).sort();
    t.deepEqual(items.map((i) => `${i.request!.method} ${i.request!.targetUri} ${i.response!.status} ${i.response!.headers['grpc-status'] ?? ''}`).sort(), theirs);
    const again = pcapMemorySink();
    generateHttp2Corpus(again, { connections: 60, seed: 3 });
    t.true(again.toBuffer().equals(sink.toBuffer()));
  } finally {
    await tmp.cleanup();
  }
});

test('WebSocket corpus: one item per frame after the upgrade, tshark agrees', async (t) => {
  const tmp = await tempDir('wh-synth-ws-');
  try {
    const sink = pcapMemorySink();
    const sum = generateWebSocketCorpus(sink, { connections: 40, seed: 5 });
    const { items, weirds, file } = await dissect(sink.toBuffer(), tmp.dir, 'ws.pcap');
    t.deepEqual(weirds, {});
    const ws = items.filter((i) => i.protocol.macro === 'ws');
    t.is(ws.length, sum.frames);
    t.is(items.length - ws.length, sum.connections, 'plus one HTTP upgrade item per connection');
    const theirs = (await tsharkWsFrames(file, [8080])).map((f) => `${f.opcode} ${f.payloadLength}`).sort();
    t.deepEqual(ws.map((i) => (i.request ?? i.response)!).map((f) => `${f.opcode} ${f.payloadLength}`).sort(), theirs);
  } finally {
    await tmp.cleanup();
  }
});
