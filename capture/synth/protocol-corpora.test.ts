/**
 * The Redis, Kafka, AMQP, TLS, DNS and ICMP generators: each corpus dissects into exactly
 * the items its summary promises, with the right protocol and no anomalies, and tshark
 * (an independent decoder) reports no error in it (expert info of severity error, which
 * includes malformed packets; tshark 4.0 only warns on every JoinGroup v5, kafkajs's too).
 */
import test from 'ava';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Item } from '../item.ts';
import { Pipeline } from '../pipeline.ts';
import { runTool, tempDir } from '../testing/pcap-fixtures.ts';
import { generateAmqpCorpus } from './amqp.ts';
import { generateDnsCorpus } from './dns.ts';
import type { CorpusSummary, HttpCorpusOptions } from './http-corpus.ts';
import { generateIcmpCorpus } from './icmp.ts';
import { generateKafkaCorpus } from './kafka.ts';
import { pcapMemorySink } from './pcap-sink.ts';
import { generateRedisCorpus } from './redis.ts';
import type { FrameSink } from './tcp-conversation.ts';
import { generateTlsCorpus } from './tls.ts';

type Generator = (sink: FrameSink, o: HttpCorpusOptions) => CorpusSummary;

function dissect(gen: Generator, connections: number): { items: Item[]; summary: CorpusSummary; weirds: Record<string, number>; pcap: Buffer } {
  const items: Item[] = [];
  const pipeline = new Pipeline({ onItem: (i) => items.push(i) });
  const mem = pcapMemorySink();
  const sink: FrameSink = {
    frame(t, data) {
      mem.frame(t, data);
      const tsSec = Math.floor(t / 1000);
      pipeline.push({ linkType: 1, tsSec, tsNsec: Math.round((t - tsSec * 1000) * 1e6), origLen: data.length, data, interfaceId: 0 });
    },
  };
  const summary = gen(sink, { connections, seed: 7 });
  pipeline.finish();
  return { items, summary, weirds: pipeline.weirds.toJSON(), pcap: mem.toBuffer() };
}

const cases: [string, Generator, string, string[]][] = [
  ['redis', generateRedisCorpus, 'REDIS', ['-d', 'tcp.port==6379,resp']],
  ['kafka', generateKafkaCorpus, 'KAFKA', ['-d', 'tcp.port==9092,kafka']],
  ['amqp', generateAmqpCorpus, 'AMQP', ['-d', 'tcp.port==5672,amqp']],
  ['tls', generateTlsCorpus, 'TLS', []],
  ['dns', generateDnsCorpus, 'DNS', []],
  ['icmp', generateIcmpCorpus, 'ICMP', []],
];

for (const [name, gen, abbr, decodeAs] of cases) {
  test(`${name} corpus: one item per promised exchange, no anomalies, nothing malformed for tshark`, async (t) => {
    const { items, summary, weirds, pcap } = dissect(gen, 60);
    t.is(summary.connections, 60);
    t.deepEqual(weirds, {});
    t.is(items.length, summary.exchanges);
    t.true(items.every((i) => i.protocol.abbr === abbr), [...new Set(items.map((i) => i.protocol.abbr))].join());
    t.is(items.filter((i) => i.error !== null && i.error.type !== 'connection' && !(name === 'icmp' && i.error.type === 'pair-not-found')).length, 0);
    const tmp = await tempDir(`wh-synth-${name}-`);
    try {
      const file = join(tmp.dir, `${name}.pcap`);
      await writeFile(file, pcap);
      const bad = await runTool('tshark', ['-r', file, '-n', ...decodeAs, '-Y', '_ws.expert.severity >= 8388608']);
      t.is(bad.trim(), '', 'tshark reports no malformed packets');
    } finally {
      await tmp.cleanup();
    }
  });
}

test('generators are deterministic per seed', (t) => {
  const a = dissect(generateKafkaCorpus, 10).pcap;
  const b = dissect(generateKafkaCorpus, 10).pcap;
  t.true(a.equals(b));
});
