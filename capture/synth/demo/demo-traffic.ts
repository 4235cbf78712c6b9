/**
 * The demo cluster's traffic generator: shoppers arriving at `rate` requests per second
 * (Poisson, from the seed), the call trees they cause (user-traces.ts, shop-services.ts),
 * background traffic (background.ts) and the crash loop (crash-loop.ts), as Ethernet frames
 * on packet time into a FrameSink, plus the cluster events (pod restarts) at their times.
 *
 *   const demo = new DemoTraffic(sink, { seed: 1, rate: 10, startMs, onEvent });
 *   demo.runUntil(startMs + 60_000);   // everything due by then (call again to go on)
 *   demo.finish();                      // no new work; in-flight conversations complete
 *
 * Deterministic: the same options give the same frames and events, however time is
 * sliced into runUntil calls. The cluster itself (names, addresses) is fixed: topology.ts.
 */
import { prng } from '../interleave.ts';
import type { FrameSink } from '../tcp-conversation.ts';
import { BackgroundTraffic } from './background.ts';
import { CrashLoop, type ClusterEvent } from './crash-loop.ts';
import { DemoCluster } from './demo-cluster.ts';
import { DemoNet } from './demo-net.ts';
import { ServiceCalls } from './service-calls.ts';
import { ShopServices } from './shop-services.ts';
import { UserTraces } from './user-traces.ts';

export type { ClusterEvent } from './crash-loop.ts';

/** Default start of generated captures: fixed, so a seed always gives the same bytes. */
export const DEMO_EPOCH = Date.UTC(2026, 0, 1);

export interface DemoTrafficOptions {
  /** Default 1. */
  seed?: number;
  /** Shopper requests per second (default 10); each causes 3–15 connections. */
  rate?: number;
  /** Packet time of the start, epoch ms (default DEMO_EPOCH). */
  startMs?: number;
  /** Pod and EndpointSlice watch events (the crash loop), at their packet time. */
  onEvent?: (e: ClusterEvent) => void;
}

export class DemoTraffic {
  readonly startMs: number;
  readonly rate: number;
  private readonly net: DemoNet;
  private readonly traces: UserTraces;
  private readonly background: BackgroundTraffic;
  private readonly crashLoop: CrashLoop;
  private arriving = true;

  constructor(sink: FrameSink, o: DemoTrafficOptions = {}) {
    this.startMs = o.startMs ?? DEMO_EPOCH;
    this.rate = o.rate ?? 10;
    if (!(this.rate > 0) || !Number.isFinite(this.rate)) throw new RangeError(`demo rate must be a positive number of requests per second, got ${o.rate}`);
    const rand = prng(o.seed ?? 1);
    const cluster = new DemoCluster(this.startMs);
    const slow = new Set(cluster.replicas('recommendations').map((p) => p.ip));
    this.net = new DemoNet(sink, rand, this.startMs, (ip) => (slow.has(ip) ? 0.03 : ip.startsWith('203.0.113.') ? 0.01 : 0.002));
    const calls = new ServiceCalls(this.net, cluster);
    this.traces = new UserTraces(calls, cluster, new ShopServices(calls, cluster, rand), rand);
    this.background = new BackgroundTraffic(this.net, calls, cluster, this.startMs);
    this.crashLoop = new CrashLoop(cluster, this.net.scheduler, rand, this.startMs, o.onEvent ?? (() => undefined));
    this.net.scheduler.at(this.startMs, (t) => this.arrive(t));
  }

  /** TCP connections and DNS sockets started so far. */
  get connections(): number {
    return this.net.connections;
  }

  /** Shopper requests started so far. */
  get requests(): number {
    return this.traces.count;
  }

  /** Packet time the generator has reached. */
  get now(): number {
    return this.net.scheduler.now;
  }

  /** Emit everything due at or before `t` (epoch ms). */
  runUntil(t: number): void {
    this.net.scheduler.runUntil(t);
  }

  /** Stop starting new work, then run every open conversation to its end. */
  finish(): void {
    this.arriving = false;
    this.background.stop();
    this.crashLoop.stop();
    this.net.scheduler.runUntil(Infinity);
  }

  private arrive(t: number): void {
    if (!this.arriving) return;
    this.traces.request(t);
    const gap = (-Math.log(1 - this.net.rand()) * 1000) / this.rate;
    this.net.scheduler.at(t + gap, (t2) => this.arrive(t2));
  }
}
