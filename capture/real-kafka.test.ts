/**
 * Kafka end to end on real client traffic: kafkajs (a real client) produces and consumes in
 * a consumer group against the **loopback Kafka responder** of testing/servers-kafka.ts (a
 * stand-in, not a broker: none exists in Debian or npm). tcpdump captures; our items are
 * compared with tshark's Kafka decoding of the same file (API key, version, correlation id,
 * client id, request/response pairing, topics).
 */
import test from 'ava';
import { Kafka, logLevel } from 'kafkajs';
import net from 'node:net';
import { join } from 'node:path';
import type { Item } from './item.ts';
import { encodeRequest } from './dissect/protocols/kafka-encode.ts';
import { dissectFile } from './testing/dissect-file.ts';
import { tempDir, tsharkRows } from './testing/pcap-fixtures.ts';
import { startKafkaResponder } from './testing/servers-kafka.ts';
import { startCapture } from './testing/tcpdump.ts';

const PORT = 17420;
const TOPIC = 'orders';

let items: Item[] = [];
let file = '';
let weirds: Record<string, number> = {};
let cleanup: () => Promise<void>;

/** A hand-written request for an API key the dissector does not decode (DescribeCluster). */
function unknownApiRequest(): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = net.connect(PORT, '127.0.0.1', () => s.write(encodeRequest({ apiKey: 60, apiVersion: 0, correlationId: 4242, clientId: 'raw-client', body: { raw: Uint8Array.from([1, 0]) } })));
    s.once('data', () => s.end());
    s.on('close', () => resolve());
    s.on('error', reject);
  });
}

test.before(async () => {
  const tmp = await tempDir('wh-real-kafka-');
  cleanup = tmp.cleanup;
  file = join(tmp.dir, 'kafka.pcap');
  const broker = await startKafkaResponder(PORT);
  const cap = await startCapture(file, `tcp port ${PORT}`);
  try {
    const kafka = new Kafka({ clientId: 'wirehook-test', brokers: [`127.0.0.1:${PORT}`], logLevel: logLevel.NOTHING, retry: { retries: 2 } });
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({ topic: TOPIC, messages: [{ key: 'order-1', value: '{"qty":1}', headers: { trace: 't-1' } }, { key: 'order-2', value: '{"qty":2}' }] });
    await producer.send({ topic: TOPIC, messages: [{ key: 'order-3', value: '{"qty":3}' }] });
    await producer.disconnect();

    const consumer = kafka.consumer({ groupId: 'billing', heartbeatInterval: 300, maxWaitTimeInMs: 200 });
    await consumer.connect();
    await consumer.subscribe({ topic: TOPIC, fromBeginning: true });
    const seen: string[] = [];
    await new Promise<void>((resolve, reject) => {
      consumer.run({ eachMessage: async ({ message }) => void (seen.push(String(message.key)), seen.length === 3 && setTimeout(resolve, 800)) }).catch(reject);
    });
    await consumer.disconnect();
    await unknownApiRequest();
  } finally {
    await cap.stop();
    await broker.stop();
  }
  const out = await dissectFile(file);
  items = out.items;
  weirds = out.pipeline.weirds.toJSON();
});

test.after.always(async () => {
  if (!process.env.KEEP) await cleanup?.();
});

test('every request tshark decodes is a Kafka item with the same API key, version, correlation id and client id', async (t) => {
  const rows = await tsharkRows(file, ['tcp.stream', 'kafka.request_key', 'kafka.api_version', 'kafka.correlation_id', 'kafka.client_id'], ['-d', `tcp.port==${PORT},kafka`, '-Y', `kafka and tcp.dstport == ${PORT}`]);
  const theirs = rows.flatMap(([, keys, versions, corrs, ids]) => keys.split(',').map((k, i) => [Number(k), Number(versions.split(',')[i]), Number(corrs.split(',')[i]), ids.split(',')[i] ?? '']));
  const ours = items.filter((i) => i.protocol.name === 'kafka' && i.request).map((i) => [i.request!.apiKey, i.request!.apiVersion, i.request!.correlationID, i.request!.clientID ?? '']);
  const sort = (xs: unknown[][]) => xs.map((x) => JSON.stringify(x)).sort();
  t.true(theirs.length >= 15, `tshark decoded ${theirs.length} requests`);
  t.deepEqual(sort(ours), sort(theirs));
  const names = new Set(items.map((i) => i.request?.apiKeyName));
  for (const n of ['ApiVersions', 'Metadata', 'Produce', 'Fetch', 'FindCoordinator', 'JoinGroup', 'SyncGroup', 'Heartbeat', 'OffsetCommit', 'OffsetFetch', 'ListOffsets', 'LeaveGroup']) {
    t.true(names.has(n), `an item for ${n}`);
  }
});

test('responses pair with their requests exactly as tshark links them', async (t) => {
  const rows = await tsharkRows(file, ['kafka.correlation_id', 'kafka.response_key'], ['-d', `tcp.port==${PORT},kafka`, '-Y', `kafka and tcp.srcport == ${PORT}`]);
  const responded = rows.flatMap(([corrs, keys]) => corrs.split(',').map((c, i) => `${keys.split(',')[i]}/${c}`)).sort();
  const paired = items.filter((i) => i.request && i.response).map((i) => `${i.request!.apiKey}/${i.response!.correlationID}`).sort();
  t.deepEqual(paired, responded);
  for (const it of items.filter((i) => i.request && i.response)) t.is(it.request!.correlationID, it.response!.correlationID);
  t.deepEqual(weirds, {});
});

test('Produce and Fetch carry topic/partition summaries with the records', (t) => {
  const produce = items.filter((i) => i.request?.apiKeyName === 'Produce');
  t.is(produce.length, 2);
  const part = produce[0].request!.payload.topicData[0];
  t.is(part.name, TOPIC);
  t.like(part.partitionData[0].records, { count: 2, compression: 'none' });
  t.deepEqual(part.partitionData[0].records.records.map((r: { key: string; headers: object }) => [r.key, r.headers]), [['order-1', { trace: 't-1' }], ['order-2', {}]]);
  t.deepEqual(produce.map((p) => p.response!.payload.responses[0].partitionResponses[0].baseOffset), [0, 2]);
  const fetched = items.filter((i) => i.request?.apiKeyName === 'Fetch').flatMap((i) => i.response?.payload.responses[0].partitions[0].records?.records ?? []);
  t.deepEqual(fetched.map((r: { key: string; value: string }) => [r.key, r.value]), [['order-1', '{"qty":1}'], ['order-2', '{"qty":2}'], ['order-3', '{"qty":3}']]);
});

test('consumer group calls: coordinator, join/sync, heartbeats and committed offsets', (t) => {
  const one = (n: string) => items.find((i) => i.request?.apiKeyName === n)!;
  t.like(one('FindCoordinator').request!.payload, { key: 'billing' });
  t.like(one('FindCoordinator').response!.payload, { errorCode: 0, host: '127.0.0.1', port: PORT });
  t.like(one('JoinGroup').request!.payload, { groupId: 'billing', protocolType: 'consumer' });
  t.is(one('SyncGroup').response!.payload.errorCode, 0);
  t.true(items.filter((i) => i.request?.apiKeyName === 'Heartbeat').length >= 1);
  const commits = items.filter((i) => i.request?.apiKeyName === 'OffsetCommit').map((i) => i.request!.payload.topics[0].partitions[0].committedOffset);
  t.is(commits.at(-1), 3);
});

test('an API key the dissector does not decode is an item with raw sizes', (t) => {
  const it = items.find((i) => i.request?.apiKey === 60)!;
  t.like(it.request, { apiKeyName: 'DescribeCluster', correlationID: 4242, clientID: 'raw-client', payload: { rawSize: 2 } });
  t.deepEqual(it.response!.payload, { rawSize: 0 });
});
