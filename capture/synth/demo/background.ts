/**
 * The demo's steady background traffic, independent of shoppers:
 *  - kubelet probes every 10 s from each pod's node: HTTP `GET /healthz`, gRPC health
 *    checks, TCP connects to the databases (probes of a crashed container are refused);
 *  - Kafka consumers (shipping, notifications, analytics) fetching `orders` every 2–4 s;
 *  - a slow analytics report query against Postgres every minute.
 * Each task reschedules itself until `stop()`.
 */
import type { DemoCluster, LivePod } from './demo-cluster.ts';
import type { DemoNet } from './demo-net.ts';
import { protobuf } from './h2-call.ts';
import { pgRows } from './postgres-messages.ts';
import type { ServiceCalls } from './service-calls.ts';
import { recordBatch } from '../../dissect/protocols/kafka-encode.ts';

const PROBE_EVERY_MS = 10_000;
const CONSUMERS = ['shipping', 'notifications', 'analytics'];

export class BackgroundTraffic {
  private stopped = false;
  private offset = 100;

  constructor(
    private readonly net: DemoNet,
    private readonly calls: ServiceCalls,
    private readonly cluster: DemoCluster,
    startMs: number,
  ) {
    const rand = net.rand;
    for (const p of cluster.pods) {
      const wl = p.pod.workload;
      if (wl.hostNetwork || wl.protocol === 'none' || wl.protocol === 'dns') continue;
      this.every(startMs + rand() * PROBE_EVERY_MS, PROBE_EVERY_MS, (t) => this.probe(p, t));
    }
    for (const c of CONSUMERS) this.every(startMs + rand() * 3000, 0, (t) => this.consume(c, t));
    this.every(startMs + 30_000, 60_000, (t) => this.report(t));
  }

  stop(): void {
    this.stopped = true;
  }

  /** Run `fn` at `first`, then every `period` ms (0 = every 2–4 s). */
  private every(first: number, period: number, fn: (t: number) => void): void {
    const run = (t: number): void => {
      if (this.stopped) return;
      fn(t);
      this.net.scheduler.at(t + (period || 2000 + this.net.rand() * 2000), run);
    };
    this.net.scheduler.at(first, run);
  }

  private probe(p: LivePod, t: number): void {
    const wl = p.pod.workload;
    const kubelet = this.cluster.nodeHost(p);
    if (wl.protocol === 'http') {
      this.calls.http(kubelet, p, t, { method: 'GET', path: wl.probe ?? '/healthz', userAgent: 'kube-probe/1.29', dns: false }, (ta) => ({ at: ta + 0.2 + this.net.rand() * 0.6, status: 200, body: '{"status":"ok"}' }));
    } else if (wl.protocol === 'grpc') {
      const serving = protobuf({ 1: 1 });
      this.calls.grpc(kubelet, p, t, '/grpc.health.v1.Health/Check', new Uint8Array(0), (ta) => ({ at: ta + 0.3, status: 0, responses: [serving] }), [], false);
    } else {
      const rtt = this.net.rtt(kubelet, this.cluster.host(p));
      const client = { ip: kubelet.ip, port: this.net.port(kubelet.ip) };
      this.net.tcp({ client, server: { ip: p.ip, port: wl.port }, t0: t, rttMs: rtt, steps: [], endAt: t + rtt + 0.1, ending: p.up ? 'fin' : 'refused' });
    }
  }

  /** A consumer's poll: Fetch from its offset (records when orders came in), then commit. */
  private consume(app: string, t: number): void {
    const me = this.cluster.host(this.cluster.pick(app));
    const size = this.net.rand() < 0.4 ? 0 : 1 + Math.floor(this.net.rand() * 3);
    const from = this.offset;
    this.offset += size;
    const records = size ? recordBatch(Array.from({ length: size }, (_, i) => ({ key: `k-${from + i}`, value: JSON.stringify({ orderId: from + i, consumer: app }) })), from, Math.floor(t)) : new Uint8Array(0);
    const topic = 'orders';
    const fetch = {
      replicaId: -1, maxWaitMs: 500, minBytes: 1, maxBytes: 10485760, isolationLevel: 0, sessionId: 0, sessionEpoch: -1,
      topics: [{ topic, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: from, logStartOffset: -1, partitionMaxBytes: 1048576 }] }], forgottenTopicsData: [], rackId: '',
    };
    const fetched = { throttleTimeMs: 0, errorCode: 0, sessionId: 0, responses: [{ topic, partitions: [{ partitionIndex: 0, errorCode: 0, highWatermark: from + size, lastStableOffset: from + size, logStartOffset: 0, abortedTransactions: null, preferredReadReplica: -1, records }] }] };
    const groupId = `${app}-group`;
    const commit = { groupId, generationId: 1, memberId: `${app}-member`, groupInstanceId: null, topics: [{ name: topic, partitions: [{ partitionIndex: 0, committedOffset: from + size, committedMetadata: null }] }] };
    const committed = { throttleTimeMs: 0, topics: [{ name: topic, partitions: [{ partitionIndex: 0, errorCode: 0 }] }] };
    this.calls.kafka(me, t, app, size ? [[1, 11, fetch, fetched], [8, 5, commit, committed]] : [[1, 11, fetch, fetched]]);
  }

  /** The analytics job's heavy query. */
  private report(t: number): void {
    const me = this.cluster.host(this.cluster.pick('analytics'));
    const rows = [['shipped', '1204'], ['confirmed', '311'], ['cancelled', '17']];
    this.calls.postgres(me, t, 'analytics', [{ sql: "SELECT status, count(*) FROM orders WHERE created_at > now() - interval '1 day' GROUP BY status", ms: 1500 + this.net.rand() * 2500, reply: pgRows(['status', 'count'], rows, 'SELECT 3') }]);
  }
}
