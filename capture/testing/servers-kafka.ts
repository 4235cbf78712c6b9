/**
 * Test helper: a **loopback Kafka responder** — not a broker. No Kafka broker exists in
 * Debian or npm, so real-traffic tests drive a real client (kafkajs) against this single-
 * node stand-in. It answers just enough for a producer and a one-member consumer group:
 * ApiVersions, Metadata (topics auto-created with one partition), Produce (record batches
 * kept in memory), ListOffsets, Fetch (returns the stored batches; an empty fetch waits up to
 * 200 ms), FindCoordinator, JoinGroup (the caller is the leader and only member), SyncGroup,
 * Heartbeat, OffsetCommit, OffsetFetch, LeaveGroup and CreateTopics. Any other API key gets an
 * empty response body. Requests are decoded and responses encoded with the dissector's own
 * schemas (kafka-schemas.ts), at whatever version the client picked from what ApiVersions
 * advertised (each schema's highest version).
 */
import net from 'node:net';
import { decodeStruct } from '../dissect/protocols/kafka-codec.ts';
import { encodeResponse } from '../dissect/protocols/kafka-encode.ts';
import { FrameAssembler } from '../dissect/protocols/kafka-frames.ts';
import { KReader } from '../dissect/protocols/kafka-reader.ts';
import { isFlexible, kafkaApi } from '../dissect/protocols/kafka-schemas.ts';

type Obj = Record<string, any>;

const SUPPORTED = [0, 1, 2, 3, 8, 9, 10, 11, 12, 13, 14, 18, 19];

export interface KafkaResponder {
  port: number;
  /** Requests served, by API key. */
  readonly served: Map<number, number>;
  stop(): Promise<void>;
}

class State {
  readonly topics = new Map<string, { batches: { base: number; bytes: Uint8Array }[]; next: number }>();
  readonly committed = new Map<string, number>();
  readonly assignments = new Map<string, Uint8Array>();
  generation = 0;

  topic(name: string) {
    let t = this.topics.get(name);
    if (!t) this.topics.set(name, (t = { batches: [], next: 0 }));
    return t;
  }
}

function partitionMeta() {
  return [{ errorCode: 0, partitionIndex: 0, leaderId: 0, leaderEpoch: 0, replicaNodes: [0], isrNodes: [0], offlineReplicas: [] }];
}

/** Response body for one request, or null for "no response" (acks=0), or a Promise for a delayed one. */
function handle(s: State, port: number, key: number, v: number, b: Obj): Obj | null | Promise<Obj> {
  switch (key) {
    case 18:
      return { errorCode: 0, throttleTimeMs: 0, apiKeys: SUPPORTED.map((k) => ({ apiKey: k, minVersion: 0, maxVersion: kafkaApi(k)!.maxVersion })) };
    case 3: {
      const names: string[] = b.topics === null ? [...s.topics.keys()] : b.topics.map((t: Obj) => t.name);
      for (const n of names) s.topic(n);
      return { throttleTimeMs: 0, brokers: [{ nodeId: 0, host: '127.0.0.1', port, rack: null }], clusterId: 'wirehook-responder', controllerId: 0, topics: names.map((name) => ({ errorCode: 0, name, isInternal: false, partitions: partitionMeta(), topicAuthorizedOperations: -2147483648 })) };
    }
    case 0: {
      const responses = b.topicData.map((t: Obj) => ({
        name: t.name,
        partitionResponses: t.partitionData.map((p: Obj) => {
          const topic = s.topic(t.name);
          const bytes: Uint8Array = p.records;
          const base = topic.next;
          new DataView(bytes.buffer, bytes.byteOffset).setBigInt64(0, BigInt(base));
          topic.next += new DataView(bytes.buffer, bytes.byteOffset).getInt32(57);
          topic.batches.push({ base, bytes });
          return { index: p.index, errorCode: 0, baseOffset: base, logAppendTimeMs: -1, logStartOffset: 0 };
        }),
      }));
      return b.acks === 0 ? null : { responses, throttleTimeMs: 0 };
    }
    case 2:
      return { throttleTimeMs: 0, topics: b.topics.map((t: Obj) => ({ name: t.name, partitions: t.partitions.map((p: Obj) => {
        const offset = p.timestamp === -2 ? 0 : s.topic(t.name).next;
        return { partitionIndex: p.partitionIndex, errorCode: 0, oldStyleOffsets: [offset], timestamp: -1, offset, leaderEpoch: 0 };
      }) })) };
    case 1: {
      const responses = b.topics.map((t: Obj) => ({ topic: t.topic, partitions: t.partitions.map((p: Obj) => {
        const topic = s.topic(t.topic);
        const batches = topic.batches.filter((x) => x.base + new DataView(x.bytes.buffer, x.bytes.byteOffset).getInt32(23) >= p.fetchOffset);
        const records = Buffer.concat(batches.map((x) => x.bytes));
        return { partitionIndex: p.partition, errorCode: 0, highWatermark: topic.next, lastStableOffset: topic.next, logStartOffset: 0, abortedTransactions: null, preferredReadReplica: -1, records };
      }) }));
      const body = { throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses };
      const empty = responses.every((r: Obj) => r.partitions.every((p: Obj) => p.records.length === 0));
      return empty ? new Promise((r) => setTimeout(() => r(body), Math.min(200, b.maxWaitMs))) : body;
    }
    case 10:
      return { throttleTimeMs: 0, errorCode: 0, errorMessage: null, nodeId: 0, host: '127.0.0.1', port };
    case 11: {
      const memberId = b.memberId || `${b.groupId}-member-1`;
      const proto = b.protocols[0];
      return { throttleTimeMs: 0, errorCode: 0, generationId: ++s.generation, protocolName: proto.name, leader: memberId, memberId, members: [{ memberId, groupInstanceId: null, metadata: proto.metadata }] };
    }
    case 14:
      for (const a of b.assignments) s.assignments.set(a.memberId, a.assignment);
      return { throttleTimeMs: 0, errorCode: 0, assignment: s.assignments.get(b.memberId) ?? new Uint8Array(0) };
    case 12:
      return { throttleTimeMs: 0, errorCode: 0 };
    case 8:
      return { throttleTimeMs: 0, topics: b.topics.map((t: Obj) => ({ name: t.name, partitions: t.partitions.map((p: Obj) => {
        s.committed.set(`${b.groupId}/${t.name}/${p.partitionIndex}`, p.committedOffset);
        return { partitionIndex: p.partitionIndex, errorCode: 0 };
      }) })) };
    case 9:
      return { throttleTimeMs: 0, errorCode: 0, topics: (b.topics ?? []).map((t: Obj) => ({ name: t.name, partitions: t.partitionIndexes.map((i: number) => ({
        partitionIndex: i, committedOffset: s.committed.get(`${b.groupId}/${t.name}/${i}`) ?? -1, committedLeaderEpoch: -1, metadata: '', errorCode: 0,
      })) })) };
    case 13:
      return { throttleTimeMs: 0, errorCode: 0, members: [] };
    case 19:
      for (const t of b.topics) s.topic(t.name);
      return { throttleTimeMs: 0, topics: b.topics.map((t: Obj) => ({ name: t.name, errorCode: 0, errorMessage: null, numPartitions: 1, replicationFactor: 1, configs: [] })) };
    default:
      return { raw: new Uint8Array(0) };
  }
}

export function startKafkaResponder(port: number): Promise<KafkaResponder> {
  const state = new State();
  const served = new Map<number, number>();
  const sockets = new Set<net.Socket>();
  const server = net.createServer((sock) => {
    sockets.add(sock);
    sock.on('close', () => sockets.delete(sock));
    sock.on('error', () => sock.destroy());
    const frames = new FrameAssembler({
      onBadLength: () => sock.destroy(),
      onFrame: (_dir, f) => {
        const r = new KReader(f);
        const key = r.i16();
        const v = r.i16();
        const corr = r.i32();
        r.str(false);
        const flex = isFlexible(key, v);
        if (flex) r.skipTagged();
        const api = kafkaApi(key);
        const body = api ? decodeStruct(r, api.request, v, flex, { keepBytes: true }) : {};
        served.set(key, (served.get(key) ?? 0) + 1);
        const out = handle(state, port, key, v, body);
        const send = (o: Obj | null) => {
          if (o !== null && !sock.destroyed) sock.write(encodeResponse(key, v, corr, o));
        };
        if (out instanceof Promise) void out.then(send);
        else send(out);
      },
    }, 0, { keepCap: 64 * 1024 * 1024, maxFrame: 64 * 1024 * 1024, minFrame: 8 });
    sock.on('data', (d) => frames.push(new Uint8Array(d.buffer, d.byteOffset, d.length), 0));
  });
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () =>
      resolve({
        port,
        served,
        stop: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      }),
    );
  });
}
