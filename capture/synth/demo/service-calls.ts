/**
 * How one demo workload calls another, per protocol. Each call opens its own connection
 * (handshake, request, the server's work, response, close) and returns when the caller has
 * the answer, so callers compose latencies: a server's `serve(tArrive)` makes its own
 * downstream calls and says when it answers. A call to a container that is down is
 * refused (SYN → RST) and returns status 0.
 *
 * DNS: a workload resolves a name through kube-dns before connecting unless it did so in
 * the last 30 s (the answer's TTL); external names first go through the pod's search path
 * (NXDOMAIN), as `ndots: 5` makes resolvers do. The analytics pods have no DNS cache and
 * use short names, so they resolve before every connection, search path first: the
 * demo's "DNS-heavy" workload.
 */
import { encodeRequest, encodeResponse, recordBatch } from '../../dissect/protocols/kafka-encode.ts';
import { applicationData, CHANGE_CIPHER_SPEC, clientHello, handshakeRecord, serverHelloMessage } from '../../dissect/protocols/tls-encode.ts';
import { resp } from '../redis.ts';
import type { DemoCluster, LivePod } from './demo-cluster.ts';
import { aRecord, type DemoNet, type Host } from './demo-net.ts';
import { grpcSteps, restSteps, type GrpcCall } from './h2-call.ts';
import { httpRequest, httpResponse, type Headers } from './http1-messages.ts';
import { pgQuery, pgReady, pgStartup, pgTerminate } from './postgres-messages.ts';
import type { TcpStep } from './tcp-call.ts';
import type { ExternalHost } from './topology.ts';

export interface Served {
  /** When the server sends its answer. */
  at: number;
  status: number;
  body: string;
  chunked?: boolean;
  /** Default application/json. */
  contentType?: string;
}

export interface GrpcServed {
  at: number;
  status: number;
  responses: Uint8Array[];
  message?: string;
}

type Endpoint = { ip: string; port: number };

export interface CallResult {
  /** When the caller has the whole answer (or gave up). */
  end: number;
  /** HTTP status, gRPC status (0 = OK), or 0 with `refused` / `timedOut`. */
  status: number;
  refused: boolean;
  /** The caller's timeout expired first: it reset the connection. */
  timedOut?: boolean;
}

export interface PgQuery {
  sql: string;
  /** Server time for the query, ms. */
  ms: number;
  reply: Uint8Array;
}

const enc = new TextEncoder();
const DNS_TTL_MS = 30_000;

export class ServiceCalls {
  private readonly resolved = new Map<string, number>();
  /** Addresses of pods without a DNS cache (analytics). */
  private readonly uncached: Set<string>;
  private pgPid = 4000;
  private kafkaCorrelation = 1;

  constructor(
    private readonly net: DemoNet,
    readonly cluster: DemoCluster,
  ) {
    this.uncached = new Set(cluster.replicas('analytics').map((p) => p.ip));
  }

  /** Resolve `name` from `from` at `t` unless cached; returns when the answer is in. */
  resolve(from: Host, t: number, name: string, ip: string, searchNamespace = ''): number {
    const key = `${from.ip} ${name}`;
    const last = this.resolved.get(key);
    if (last !== undefined && t - last < DNS_TTL_MS) return t;
    this.resolved.set(key, t);
    const qs = [];
    if (searchNamespace) qs.push({ name: `${name}.${searchNamespace}.svc.cluster.local`, type: 1, answers: [], rcode: 3 });
    qs.push({ name, type: 1, answers: [aRecord(ip)] }, { name, type: 28, answers: [] });
    return this.net.dns(from, t, qs);
  }

  /** Resolve the service of `to` as a pod of `from`'s namespace would. */
  private resolveService(from: Host, to: LivePod, t: number): number {
    if (from.node === '') return t;
    const wl = to.pod.workload;
    if (this.uncached.has(from.ip)) {
      return this.net.dns(from, t, [
        { name: `${wl.service}.${wl.namespace}.data.svc.cluster.local`, type: 1, answers: [], rcode: 3 },
        { name: this.cluster.serviceName(wl.app), type: 1, answers: [aRecord(wl.serviceIp)] },
      ]);
    }
    return this.resolve(from, t, this.cluster.serviceName(wl.app), wl.serviceIp);
  }

  /**
   * The start every call to a pod shares: resolve its service name (unless `dns` is false),
   * pick the client port, and when the pod is down write the refused connection and return
   * its result (`refusedStatus` as the status).
   */
  private open(from: Host, to: LivePod, t: number, dns: boolean, refusedStatus: number): CallResult | { t: number; rtt: number; wl: LivePod['pod']['workload']; client: Endpoint; target: Endpoint } {
    if (dns) t = this.resolveService(from, to, t);
    const rtt = this.net.rtt(from, this.cluster.host(to));
    const wl = to.pod.workload;
    const client = { ip: from.ip, port: this.net.port(from.ip) };
    const target = { ip: to.ip, port: wl.port };
    if (!to.up) {
      this.net.tcp({ client, server: target, t0: t, rttMs: rtt, steps: [], endAt: t, ending: 'refused' });
      return { end: t + rtt, status: refusedStatus, refused: true };
    }
    return { t, rtt, wl, client, target };
  }

  http(
    from: Host,
    to: LivePod,
    t: number,
    req: { method: string; path: string; userAgent: string; body?: string; headers?: Headers; host?: string; dns?: boolean; timeoutMs?: number },
    serve: (tArrive: number) => Served,
  ): CallResult {
    const c = this.open(from, to, t, req.dns !== false, 0);
    if ('refused' in c) return c;
    const { rtt, wl, client, target } = c;
    t = c.t;
    const sent = t + rtt;
    const r = serve(sent + rtt / 2);
    const at = Math.max(r.at, sent + rtt / 2 + 0.05);
    const host = req.host ?? `${wl.service}.${wl.namespace}:${wl.port}`;
    const request: TcpStep = { at: sent, dir: 0, bytes: httpRequest({ ...req, host }) };
    if (req.timeoutMs !== undefined && at + rtt / 2 > sent + req.timeoutMs) {
      const gaveUp = sent + req.timeoutMs;
      this.net.tcp({ client, server: target, t0: t, rttMs: rtt, steps: [request], endAt: gaveUp, ending: 'reset' });
      return { end: gaveUp, status: 0, refused: false, timedOut: true };
    }
    const steps: TcpStep[] = [request, { at, dir: 1, bytes: httpResponse({ status: r.status, body: r.body, chunked: r.chunked, contentType: r.contentType, headers: [['Server', wl.app]] }) }];
    const end = at + rtt / 2;
    this.net.tcp({ client, server: target, t0: t, rttMs: rtt, steps, endAt: end + 0.2 });
    return { end, status: r.status, refused: false };
  }

  grpc(from: Host, to: LivePod, t: number, method: string, request: Uint8Array, serve: (tArrive: number) => GrpcServed, metadata: [string, string][] = [], dns = true): CallResult {
    const c = this.open(from, to, t, dns, 14);
    if ('refused' in c) return c;
    const { rtt, wl, client, target } = c;
    t = c.t;
    const connected = t + rtt;
    const sent = connected + rtt;
    const r = serve(sent + rtt / 2);
    const call: GrpcCall = { at: sent, method, request, respondAt: Math.max(r.at, sent + rtt / 2 + 0.05), responses: r.responses, status: r.status, message: r.message, metadata };
    const steps = grpcSteps(connected, rtt, `${wl.service}.${wl.namespace}:${wl.port}`, 'grpc-go/1.62.1', [call]);
    const end = call.respondAt + rtt / 2;
    this.net.tcp({ client, server: target, t0: t, rttMs: rtt, steps, endAt: end + 0.3 });
    return { end, status: r.status, refused: false };
  }

  /** A REST call over HTTP/2 (h2c, prior knowledge). */
  h2(from: Host, to: LivePod, t: number, req: { method: string; path: string; userAgent: string; body?: string }, serve: (tArrive: number) => Served): CallResult {
    const c = this.open(from, to, t, true, 0);
    if ('refused' in c) return c;
    const { rtt, wl, client, target } = c;
    t = c.t;
    const connected = t + rtt;
    const sent = connected + rtt;
    const r = serve(sent + rtt / 2);
    const respondAt = Math.max(r.at, sent + rtt / 2 + 0.05);
    const steps = restSteps(connected, rtt, `${wl.service}.${wl.namespace}:${wl.port}`, req.userAgent, { ...req, at: sent, respondAt, status: r.status, response: r.body });
    const end = respondAt + rtt / 2;
    this.net.tcp({ client, server: target, t0: t, rttMs: rtt, steps, endAt: end + 0.3 });
    return { end, status: r.status, refused: false };
  }

  /** A new database connection from `from`: startup, the queries one after another, terminate. */
  postgres(from: Host, t: number, user: string, queries: PgQuery[]): number {
    const db = this.cluster.pick('postgres');
    t = this.resolveService(from, db, t);
    const rtt = this.net.rtt(from, this.cluster.host(db));
    const client = { ip: from.ip, port: this.net.port(from.ip) };
    let at = t + rtt;
    const steps: TcpStep[] = [{ at, dir: 0, bytes: pgStartup(user, 'shop', user) }];
    steps.push({ at: (at += rtt / 2 + 0.4), dir: 1, bytes: pgReady(this.pgPid++) });
    for (const q of queries) {
      steps.push({ at: (at += rtt / 2 + 0.05), dir: 0, bytes: pgQuery(q.sql) });
      steps.push({ at: (at += rtt / 2 + q.ms), dir: 1, bytes: q.reply });
    }
    const end = at + rtt / 2;
    steps.push({ at: end + 0.05, dir: 0, bytes: pgTerminate() });
    this.net.tcp({ client, server: { ip: db.ip, port: 5432 }, t0: t, rttMs: rtt, steps, endAt: end + 0.2 });
    return end;
  }

  /** Redis commands in one write (a pipeline when several), one reply each. */
  redis(from: Host, t: number, commands: [string[], string][]): number {
    const r = this.cluster.pick('redis');
    t = this.resolveService(from, r, t);
    const rtt = this.net.rtt(from, this.cluster.host(r));
    const sent = t + rtt;
    const replied = sent + rtt / 2 + 0.05 + this.net.rand() * 0.2 * commands.length;
    const steps: TcpStep[] = [
      { at: sent, dir: 0, bytes: enc.encode(commands.map(([c]) => resp(...c)).join('')) },
      { at: replied, dir: 1, bytes: enc.encode(commands.map(([, reply]) => reply).join('')) },
    ];
    this.net.tcp({ client: { ip: from.ip, port: this.net.port(from.ip) }, server: { ip: r.ip, port: 6379 }, t0: t, rttMs: rtt, steps, endAt: replied + rtt / 2 + 0.1 });
    return replied + rtt / 2;
  }

  /** Kafka calls on one connection: [apiKey, version, request, response] each. */
  kafka(from: Host, t: number, clientId: string, calls: [number, number, Record<string, unknown>, Record<string, unknown>][]): number {
    const k = this.cluster.pick('kafka');
    t = this.resolveService(from, k, t);
    const rtt = this.net.rtt(from, this.cluster.host(k));
    let at = t + rtt;
    const steps: TcpStep[] = [];
    for (const [apiKey, v, req, res] of calls) {
      const correlationId = this.kafkaCorrelation++;
      steps.push({ at, dir: 0, bytes: encodeRequest({ apiKey, apiVersion: v, correlationId, clientId, body: req }) });
      steps.push({ at: (at += rtt + 0.3 + this.net.rand() * 2), dir: 1, bytes: encodeResponse(apiKey, v, correlationId, res) });
      at += 0.1;
    }
    this.net.tcp({ client: { ip: from.ip, port: this.net.port(from.ip) }, server: { ip: k.ip, port: 9092 }, t0: t, rttMs: rtt, steps, endAt: at + 0.2 });
    return at;
  }

  /** Produce `values` to partition 0 of `topic` (one Produce v7 with a record batch). */
  produce(from: Host, t: number, clientId: string, topic: string, offset: number, values: string[]): number {
    const records = values.map((value, i) => ({ key: `k-${offset + i}`, value, headers: { source: clientId } }));
    const req = { transactionalId: null, acks: -1, timeoutMs: 30000, topicData: [{ name: topic, partitionData: [{ index: 0, records: recordBatch(records, 0, Math.floor(t)) }] }] };
    const res = { responses: [{ name: topic, partitionResponses: [{ index: 0, errorCode: 0, baseOffset: offset, logAppendTimeMs: -1, logStartOffset: 0 }] }], throttleTimeMs: 0 };
    return this.kafka(from, t, clientId, [[0, 7, req, res]]);
  }

  /** HTTPS to an external host: resolve, TLS 1.3 handshake (SNI, ALPN), `exchanges` request/response records. */
  tls(from: Host, ext: ExternalHost, t: number, namespace: string, exchanges: number, serverMs: () => number): number {
    t = this.resolve(from, t, ext.host, ext.ip, namespace);
    const rtt = this.net.rtt(from, { ip: ext.ip, node: '' });
    const rand = this.net.rand;
    let at = t + rtt;
    const steps: TcpStep[] = [
      { at, dir: 0, bytes: clientHello({ serverName: ext.host, alpn: ['h2', 'http/1.1'], versions: [0x0304, 0x0303], groups: [0x1d, 0x17], ciphers: [0x1301, 0x1302, 0x1303, 0xc02f] }) },
      { at: (at += rtt / 2 + 0.8), dir: 1, bytes: Buffer.concat([handshakeRecord(serverHelloMessage({ version: 0x0304, cipher: 0x1301, group: 0x1d })), CHANGE_CIPHER_SPEC, applicationData(2400 + Math.floor(rand() * 900))]) },
      { at: (at += rtt / 2 + 0.3), dir: 0, bytes: Buffer.concat([CHANGE_CIPHER_SPEC, applicationData(53)]) },
    ];
    for (let i = 0; i < exchanges; i++) {
      steps.push({ at: (at += 0.1), dir: 0, bytes: applicationData(200 + Math.floor(rand() * 600)) });
      steps.push({ at: (at += rtt + serverMs()), dir: 1, bytes: applicationData(300 + Math.floor(rand() * 4000)) });
    }
    this.net.tcp({ client: { ip: from.ip, port: this.net.port(from.ip) }, server: { ip: ext.ip, port: ext.port }, t0: t, rttMs: rtt, steps, endAt: at + 1 });
    return at + rtt / 2;
  }
}
