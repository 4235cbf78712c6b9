import test from 'ava';
import { byteByByte, flowOf, run } from '../testing/flow-fixture.ts';
import type { Step } from '../testing/flow-fixture.ts';
import { detectKafka } from './kafka-detect.ts';
import { encodeRequest, encodeResponse, recordBatch } from './kafka-encode.ts';
import { createKafkaDissector, kafka } from './kafka.ts';
import { rawTcp } from './raw-tcp.ts';

const flow = flowOf('tcp', 9092);

function req(apiKey: number, apiVersion: number, correlationId: number, body: Record<string, unknown>, clientId: string | null = 'svc-a'): Uint8Array {
  return encodeRequest({ apiKey, apiVersion, correlationId, clientId, body });
}

function dissect(steps: Step[], split?: (n: number) => number[]) {
  const h = run([kafka, rawTcp], steps, { flow, split, registryOptions: { fallback: { tcp: 'tcp' } } });
  return { items: h.items, weirds: h.weirds.toJSON() };
}

const batch = recordBatch([{ key: 'order-1', value: '{"qty":2}', headers: { trace: 'abc' } }, { key: null, value: 'second' }], 0, 1_700_000_000_000);

test('Produce v3 request and response pair by correlation id; Kubeshark fields and record summary', (t) => {
  const { items, weirds } = dissect([
    { dir: 0, bytes: req(0, 3, 7, { transactionalId: null, acks: -1, timeoutMs: 30000, topicData: [{ name: 'orders', partitionData: [{ index: 0, records: batch }] }] }) },
    { dir: 1, bytes: encodeResponse(0, 3, 7, { responses: [{ name: 'orders', partitionResponses: [{ index: 0, errorCode: 0, baseOffset: 42, logAppendTimeMs: -1 }] }], throttleTimeMs: 0 }) },
  ]);
  t.deepEqual(weirds, {});
  t.is(items.length, 1);
  const it = items[0];
  t.like(it.request, { apiKeyName: 'Produce', apiKey: 0, apiVersion: 3, correlationID: 7, clientID: 'svc-a' });
  t.is(it.request!.size, it.requestSize - 4);
  const part = it.request!.payload.topicData[0].partitionData[0];
  t.is(it.request!.payload.acks, -1);
  t.like(part.records, { batches: 1, count: 2, compression: 'none', baseOffset: 0, size: batch.length });
  t.deepEqual(part.records.records[0], { offset: 0, timestamp: 1_700_000_000_000, key: 'order-1', value: '{"qty":2}', headers: { trace: 'abc' } });
  t.is(part.records.records[1].key, null);
  t.deepEqual(Object.keys(it.response!), ['size', 'correlationID', 'payload']);
  t.is(it.response!.payload.responses[0].partitionResponses[0].baseOffset, 42);
  t.like(it.protocol, { name: 'kafka', version: '12', abbr: 'KAFKA', macro: 'kafka', backgroundColor: '#000000', fontSize: 11, priority: 2 });
});

test('responses out of order still pair by correlation id, in any split', (t) => {
  const steps: Step[] = [
    { dir: 0, bytes: Buffer.concat([req(3, 1, 1, { topics: [{ name: 'a' }] }), req(12, 0, 2, { groupId: 'g', generationId: 3, memberId: 'm' })]) },
    { dir: 1, bytes: Buffer.concat([encodeResponse(12, 0, 2, { errorCode: 27 }), encodeResponse(3, 1, 1, { brokers: [{ nodeId: 1, host: 'b1', port: 9092 }], controllerId: 1, topics: [{ name: 'a', partitions: [{ partitionIndex: 0, leaderId: 1, replicaNodes: [1], isrNodes: [1] }] }] })]) },
  ];
  for (const split of [undefined, byteByByte]) {
    const { items, weirds } = dissect(steps, split);
    t.deepEqual(weirds, {});
    const byKey = Object.fromEntries(items.map((i) => [i.request!.apiKeyName, i.response!.payload]));
    t.is(byKey.Heartbeat.errorCode, 27);
    t.deepEqual(byKey.Metadata.brokers, [{ nodeId: 1, host: 'b1', port: 9092, rack: null }]);
    t.deepEqual(byKey.Metadata.topics[0].partitions[0].isrNodes, [1]);
  }
});

test('flexible versions: header v2 with tagged fields, compact strings and arrays', (t) => {
  const { items, weirds } = dissect([
    { dir: 0, bytes: req(18, 3, 1, { clientSoftwareName: 'kafka-java', clientSoftwareVersion: '3.7.0' }) },
    { dir: 1, bytes: encodeResponse(18, 3, 1, { errorCode: 0, apiKeys: [{ apiKey: 0, minVersion: 0, maxVersion: 9 }, { apiKey: 1, minVersion: 0, maxVersion: 13 }], throttleTimeMs: 0 }) },
    { dir: 0, bytes: req(3, 12, 2, { topics: [{ topicId: '00000000-0000-0000-0000-000000000000', name: 'events' }], allowAutoTopicCreation: true, includeTopicAuthorizedOperations: false }) },
    { dir: 1, bytes: encodeResponse(3, 12, 2, { brokers: [{ nodeId: 3, host: 'kafka-0', port: 9092, rack: 'r1' }], clusterId: 'c1', controllerId: 3, topics: [{ name: 'events', topicId: '0123456789abcdef0123456789abcdef', partitions: [{ partitionIndex: 0, leaderId: 3, leaderEpoch: 5, replicaNodes: [3], isrNodes: [3], offlineReplicas: [] }] }] }) },
    { dir: 0, bytes: req(1, 12, 3, { replicaId: -1, maxWaitMs: 500, minBytes: 1, maxBytes: 1 << 20, sessionId: 0, sessionEpoch: -1, topics: [{ topic: 'events', partitions: [{ partition: 0, fetchOffset: 10, partitionMaxBytes: 1 << 20 }] }], forgottenTopicsData: [], rackId: '' }) },
    { dir: 1, bytes: encodeResponse(1, 12, 3, { responses: [{ topic: 'events', partitions: [{ partitionIndex: 0, highWatermark: 12, records: recordBatch([{ key: 'k', value: 'v' }], 10, 0) }] }] }) },
  ]);
  t.deepEqual(weirds, {});
  t.deepEqual(items[0].request!.payload, { clientSoftwareName: 'kafka-java', clientSoftwareVersion: '3.7.0' });
  t.is(items[0].response!.payload.apiKeys.length, 2);
  t.like(items[1].response!.payload.topics[0], { name: 'events', topicId: '01234567-89ab-cdef-0123-456789abcdef', isInternal: false });
  t.is(items[1].response!.payload.brokers[0].rack, 'r1');
  t.like(items[2].response!.payload.responses[0].partitions[0], { highWatermark: 12, records: { count: 1, baseOffset: 10 } });
});

test('consumer group APIs: FindCoordinator, JoinGroup, SyncGroup, OffsetCommit, OffsetFetch', (t) => {
  const meta = new Uint8Array([0, 1, 0, 0, 0, 1, 0, 6, 111, 114, 100, 101, 114, 115]);
  const { items, weirds } = dissect([
    { dir: 0, bytes: req(10, 1, 1, { key: 'group-1', keyType: 0 }) },
    { dir: 1, bytes: encodeResponse(10, 1, 1, { errorCode: 0, errorMessage: null, nodeId: 0, host: '127.0.0.1', port: 9092 }) },
    { dir: 0, bytes: req(11, 2, 2, { groupId: 'group-1', sessionTimeoutMs: 30000, rebalanceTimeoutMs: 60000, memberId: '', protocolType: 'consumer', protocols: [{ name: 'RoundRobinAssigner', metadata: meta }] }) },
    { dir: 1, bytes: encodeResponse(11, 2, 2, { errorCode: 0, generationId: 1, protocolName: 'RoundRobinAssigner', leader: 'm-1', memberId: 'm-1', members: [{ memberId: 'm-1', metadata: meta }] }) },
    { dir: 0, bytes: req(14, 1, 3, { groupId: 'group-1', generationId: 1, memberId: 'm-1', assignments: [{ memberId: 'm-1', assignment: meta }] }) },
    { dir: 1, bytes: encodeResponse(14, 1, 3, { errorCode: 0, assignment: meta }) },
    { dir: 0, bytes: req(8, 2, 4, { groupId: 'group-1', generationId: 1, memberId: 'm-1', retentionTimeMs: -1, topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, committedOffset: 5, committedMetadata: null }] }] }) },
    { dir: 1, bytes: encodeResponse(8, 2, 4, { topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, errorCode: 0 }] }] }) },
    { dir: 0, bytes: req(9, 1, 5, { groupId: 'group-1', topics: [{ name: 'orders', partitionIndexes: [0, 1] }] }) },
    { dir: 1, bytes: encodeResponse(9, 1, 5, { topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, committedOffset: 5, metadata: '', errorCode: 0 }] }] }) },
  ]);
  t.deepEqual(weirds, {});
  t.deepEqual(items.map((i) => i.request!.apiKeyName), ['FindCoordinator', 'JoinGroup', 'SyncGroup', 'OffsetCommit', 'OffsetFetch']);
  t.like(items[0].response!.payload, { host: '127.0.0.1', port: 9092, nodeId: 0 });
  t.deepEqual(items[1].request!.payload.protocols, [{ name: 'RoundRobinAssigner', metadata: meta.length }]);
  t.is(items[2].response!.payload.assignment, meta.length);
  t.is(items[3].request!.payload.topics[0].partitions[0].committedOffset, 5);
  t.deepEqual(items[4].request!.payload.topics[0].partitionIndexes, [0, 1]);
});

test('a Produce with acks=0 is an item of its own, never waiting for a response', (t) => {
  const { items, weirds } = dissect([
    { dir: 0, bytes: Buffer.concat([req(0, 3, 1, { acks: 0, timeoutMs: 1, topicData: [{ name: 't', partitionData: [{ index: 0, records: batch }] }] }), req(12, 0, 2, { groupId: 'g' })]) },
    { dir: 1, bytes: encodeResponse(12, 0, 2, { errorCode: 0 }) },
  ]);
  t.deepEqual(items.map((i) => [i.request!.apiKeyName, i.response === null, i.error]), [['Produce', true, null], ['Heartbeat', false, null]]);
  t.deepEqual(weirds, {});
});

test('unknown API keys are items with raw sizes', (t) => {
  const { items } = dissect([
    { dir: 0, bytes: req(60, 0, 9, { raw: new Uint8Array(12) }) },
    { dir: 1, bytes: encodeResponse(60, 0, 9, { raw: new Uint8Array(30) }) },
  ]);
  t.like(items[0].request, { apiKeyName: 'DescribeCluster', apiKey: 60, payload: { rawSize: 12 } });
  t.deepEqual(items[0].response!.payload, { rawSize: 30 });
});

test('oversized frames keep their header and mark the payload truncated', (t) => {
  const big = recordBatch([{ key: 'k', value: 'x'.repeat(5000) }], 0, 0);
  const h = run([createKafkaDissector({ keepCap: 200 })], [{ dir: 0, bytes: req(0, 3, 1, { acks: 1, timeoutMs: 1, topicData: [{ name: 't', partitionData: [{ index: 0, records: big }] }] }) }], { flow });
  t.like(h.items[0].request, { apiKeyName: 'Produce', payload: { truncated: true } });
  t.deepEqual(h.weirds.toJSON(), {});
});

test('malformed bodies are counted and keep what decoded; garbage violates to raw TCP', (t) => {
  const good = req(12, 0, 4, { groupId: 'g', generationId: 1, memberId: 'm' });
  const cut = good.slice();
  cut[3] -= 3;
  const m = dissect([{ dir: 0, bytes: cut.subarray(0, cut.length - 3) }]);
  t.is(m.weirds.kafka_malformed_request, 1);
  t.like(m.items[0].request!.payload, { groupId: 'g', generationId: 1 });
  const g = dissect([{ dir: 0, bytes: req(3, 0, 1, { topics: [] }) }, { dir: 0, bytes: new Uint8Array([0x7f, 0xff, 0xff, 0xff, 1, 2, 3]) }, { dir: 0, bytes: 'more' }]);
  t.is(g.weirds.kafka_bad_length, 1);
  t.is(g.items.at(-1)!.protocol.name, 'tcp');
  const u = dissect([{ dir: 0, bytes: req(3, 0, 1, { topics: [] }) }, { dir: 1, bytes: encodeResponse(3, 0, 99, { brokers: [], topics: [] }) }]);
  t.is(u.weirds.kafka_unmatched_response, 1);
});

test('detect: full request headers are certain, odd bytes are not Kafka', (t) => {
  t.is(detectKafka(req(18, 2, 1, {}), 0), 1);
  t.is(detectKafka(req(18, 2, 1, {}, null), 0), 1);
  t.is(detectKafka(Buffer.from('GET / HTTP/1.1\r\n'), 0), 0);
  t.is(detectKafka(Buffer.from([0, 0, 0, 40, 0, 3, 0, 0, 0x75, 0x73, 0x65, 0x72, 0, 0x64, 0x61]), 0), 0, 'a PostgreSQL startup message');
  t.is(detectKafka(req(18, 2, 1, {}), 1), 0);
});
