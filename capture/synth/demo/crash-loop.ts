/**
 * The crash-looping pod (topology.ts CRASHING_APP): its container runs for 30–75 s, gets
 * OOM-killed (connections to it are refused from then on), waits out Kubernetes' restart
 * back-off (10 s, doubling, at most 160 s) and comes back with a new address, cycling
 * through a few so addresses get reused later. Each change is reported as the watch events
 * an informer would see: the Pod MODIFIED (ready false, CrashLoopBackOff, restartCount
 * + 1; then running with the new podIP) and its service's EndpointSlice MODIFIED.
 */
import type { KubeKind, KubeObject } from '../../enrich/identity.ts';
import type { DemoCluster, LivePod } from './demo-cluster.ts';
import type { DemoScheduler } from './scheduler.ts';
import { endpointSliceObject, podObject } from './kube-objects.ts';
import { CRASHING_APP, demoPods, restartIps } from './topology.ts';

/** A watch event the demo produces, at packet time `at`. */
export interface ClusterEvent {
  at: number;
  kind: KubeKind;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: KubeObject;
}

export class CrashLoop {
  private readonly pod: LivePod;
  private readonly ips: string[];
  private stopped = false;

  constructor(
    cluster: DemoCluster,
    private readonly scheduler: DemoScheduler,
    private readonly rand: () => number,
    private readonly startMs: number,
    private readonly emit: (e: ClusterEvent) => void,
  ) {
    this.pod = cluster.replicas(CRASHING_APP)[0];
    this.ips = restartIps(this.pod.pod);
    // The first run started a while before the traffic: the first crash comes soon.
    this.pod.upSince = startMs - 15_000;
    scheduler.at(Math.round(startMs + 20_000 + rand() * 20_000), (t) => this.crash(t));
  }

  /** No more crashes or restarts get scheduled. */
  stop(): void {
    this.stopped = true;
  }

  private crash(t: number): void {
    if (this.stopped) return;
    const p = this.pod;
    p.up = false;
    p.restartCount++;
    this.report(t, 'crashloop');
    const backoff = Math.min(160_000, 10_000 * 2 ** Math.min(4, p.restartCount - 1));
    this.scheduler.at(t + backoff, (t2) => this.restart(t2));
  }

  private restart(t: number): void {
    if (this.stopped) return;
    const p = this.pod;
    p.ip = this.ips[p.restartCount % this.ips.length];
    p.up = true;
    p.upSince = t;
    this.report(t, 'running');
    this.scheduler.at(Math.round(t + 30_000 + this.rand() * 45_000), (t2) => this.crash(t2));
  }

  private report(t: number, state: 'running' | 'crashloop'): void {
    const p = this.pod;
    const object = podObject(p.pod, this.startMs, { ip: p.ip, restartCount: p.restartCount, state, sinceMs: t });
    this.emit({ at: t, kind: 'Pod', type: 'MODIFIED', object });
    const slice = endpointSliceObject(p.pod.workload, demoPods(), { [p.pod.name]: { ip: p.ip, ready: state === 'running' } });
    this.emit({ at: t, kind: 'EndpointSlice', type: 'MODIFIED', object: slice });
  }
}
