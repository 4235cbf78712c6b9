/**
 * Synthetic Kafka traffic at the versions a modern client (kafkajs) uses against a 2.x+
 * broker (port 9092): producers (ApiVersions, Metadata, 1–10 Produce v7 with record batches
 * of 1–5 JSON records) and group consumers (FindCoordinator, JoinGroup, SyncGroup,
 * OffsetFetch, 1–8 Fetch v11 — some empty —, Heartbeat, OffsetCommit, LeaveGroup). Frames
 * are encoded with the dissector's schemas (kafka-encode.ts). `kafkaConversation` is one
 * connection; `generateKafkaCorpus` interleaves many. Deterministic per seed.
 */
import { encodeRequest, encodeResponse, recordBatch } from '../dissect/protocols/kafka-encode.ts';
import { clientOf, generateCorpus, type CorpusOptions, type CorpusSummary } from './corpus.ts';
import { type Conversation } from './interleave.ts';
import { TcpConversation, type FrameSink } from './tcp-conversation.ts';

const TOPICS = ['orders', 'payments', 'shipments', 'audit'];
const CLIENTS = ['orders-svc', 'payments-svc', 'billing-worker', 'audit-sink'];

type Body = Record<string, unknown>;

export function* kafkaConversation(
  sink: FrameSink,
  client: { ip: string; port: number },
  server: { ip: string; port: number },
  rand: () => number,
  t0: number,
  count: (n: number) => void,
): Conversation {
  const c = new TcpConversation(sink, { client, server, rttMs: 0.3 });
  let t = c.open(t0);
  let corr = 0;
  let n = 0;
  const clientId = CLIENTS[Math.floor(rand() * CLIENTS.length)];
  const topic = TOPICS[Math.floor(rand() * TOPICS.length)];
  const call = function* (apiKey: number, v: number, req: Body, res: Body): Generator<number, void, void> {
    yield (t += 0.05 + rand() * 2);
    corr++;
    t = c.send(0, encodeRequest({ apiKey, apiVersion: v, correlationId: corr, clientId, body: req }), t);
    yield (t += 0.2 + rand() * 3);
    t = c.send(1, encodeResponse(apiKey, v, corr, res), t);
    n++;
  };
  const partitions = [{ errorCode: 0, partitionIndex: 0, leaderId: 1, leaderEpoch: 0, replicaNodes: [1, 2, 3], isrNodes: [1, 2, 3], offlineReplicas: [] }];
  yield* call(18, 2, {}, { errorCode: 0, apiKeys: [0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 18].map((k) => ({ apiKey: k, minVersion: 0, maxVersion: 9 })), throttleTimeMs: 0 });
  yield* call(3, 6, { topics: [{ name: topic }], allowAutoTopicCreation: true }, {
    brokers: [1, 2, 3].map((id) => ({ nodeId: id, host: `kafka-${id}.kafka.svc`, port: 9092, rack: null })),
    clusterId: 'wh-cluster', controllerId: 1, topics: [{ errorCode: 0, name: topic, isInternal: false, partitions }],
  });
  let offset = Math.floor(rand() * 10000);
  if (rand() < 0.6) {
    for (let k = 1 + Math.floor(rand() * 10); k > 0; k--) {
      const records = Array.from({ length: 1 + Math.floor(rand() * 5) }, (_, i) => ({ key: `k-${offset + i}`, value: `{"id":${offset + i},"amount":${(rand() * 100).toFixed(2)}}`, headers: { source: clientId } }));
      const req = { transactionalId: null, acks: -1, timeoutMs: 30000, topicData: [{ name: topic, partitionData: [{ index: 0, records: recordBatch(records, 0, t0) }] }] };
      yield* call(0, 7, req, { responses: [{ name: topic, partitionResponses: [{ index: 0, errorCode: 0, baseOffset: offset, logAppendTimeMs: -1, logStartOffset: 0 }] }], throttleTimeMs: 0 });
      offset += records.length;
    }
  } else {
    const groupId = `${clientId}-group`;
    const memberId = `${clientId}-${Math.floor(rand() * 1e6)}`;
    // Consumer protocol v0: subscription (version, topics, user data) and assignment (version, topic partitions, user data).
    const name = [0, topic.length, ...Buffer.from(topic)];
    const meta = new Uint8Array([0, 0, 0, 0, 0, 1, ...name, 0, 0, 0, 0]);
    const assignment = new Uint8Array([0, 0, 0, 0, 0, 1, ...name, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    yield* call(10, 2, { key: groupId, keyType: 0 }, { throttleTimeMs: 0, errorCode: 0, errorMessage: null, nodeId: 1, host: 'kafka-1.kafka.svc', port: 9092 });
    yield* call(11, 5, { groupId, sessionTimeoutMs: 30000, rebalanceTimeoutMs: 60000, memberId: '', groupInstanceId: null, protocolType: 'consumer', protocols: [{ name: 'RoundRobinAssigner', metadata: meta }] },
      { throttleTimeMs: 0, errorCode: 0, generationId: 1, protocolName: 'RoundRobinAssigner', leader: memberId, memberId, members: [{ memberId, groupInstanceId: null, metadata: meta }] });
    yield* call(14, 3, { groupId, generationId: 1, memberId, groupInstanceId: null, assignments: [{ memberId, assignment }] }, { throttleTimeMs: 0, errorCode: 0, assignment });
    yield* call(9, 4, { groupId, topics: [{ name: topic, partitionIndexes: [0] }] }, { throttleTimeMs: 0, errorCode: 0, topics: [{ name: topic, partitions: [{ partitionIndex: 0, committedOffset: offset, metadata: '', errorCode: 0 }] }] });
    for (let k = 1 + Math.floor(rand() * 8); k > 0; k--) {
      const size = rand() < 0.3 ? 0 : 1 + Math.floor(rand() * 5);
      const records = size === 0 ? new Uint8Array(0) : recordBatch(Array.from({ length: size }, (_, i) => ({ key: `k-${offset + i}`, value: `{"id":${offset + i}}` })), offset, t0);
      const req = { replicaId: -1, maxWaitMs: 500, minBytes: 1, maxBytes: 10485760, isolationLevel: 0, sessionId: 0, sessionEpoch: -1, topics: [{ topic, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: offset, logStartOffset: -1, partitionMaxBytes: 1048576 }] }], forgottenTopicsData: [], rackId: '' };
      yield* call(1, 11, req, { throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses: [{ topic, partitions: [{ partitionIndex: 0, errorCode: 0, highWatermark: offset + size, lastStableOffset: offset + size, logStartOffset: 0, abortedTransactions: null, preferredReadReplica: -1, records }] }] });
      offset += size;
    }
    yield* call(12, 3, { groupId, generationId: 1, memberId, groupInstanceId: null }, { throttleTimeMs: 0, errorCode: 0 });
    yield* call(8, 5, { groupId, generationId: 1, memberId, groupInstanceId: null, topics: [{ name: topic, partitions: [{ partitionIndex: 0, committedOffset: offset, committedMetadata: null }] }] },
      { throttleTimeMs: 0, topics: [{ name: topic, partitions: [{ partitionIndex: 0, errorCode: 0 }] }] });
    yield* call(13, 3, { groupId, members: [{ memberId, groupInstanceId: null }] }, { throttleTimeMs: 0, errorCode: 0, members: [{ memberId, groupInstanceId: null, errorCode: 0 }] });
  }
  count(n);
  yield (t += 0.1 + rand());
  c.close(t, 0);
}

export function generateKafkaCorpus(out: FrameSink, o: CorpusOptions): CorpusSummary {
  return generateCorpus(out, o, (sink, i, rand, t, count) => kafkaConversation(sink, clientOf(i), { ip: `10.3.0.${1 + (i % 3)}`, port: 9092 }, rand, t, count));
}
