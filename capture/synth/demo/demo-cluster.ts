/**
 * The demo cluster as the traffic sees it while it runs: every pod with its current
 * address and whether its container is up (the crash loop changes both), replicas by app
 * (picked round robin, as a service load-balances), and the DNS names of services.
 */
import type { Host } from './demo-net.ts';
import { demoPods, type DemoPod } from './topology.ts';

export interface LivePod {
  pod: DemoPod;
  ip: string;
  /** false while the container is down (connections are refused). */
  up: boolean;
  /** When the current container started (epoch ms). */
  upSince: number;
  restartCount: number;
}

export class DemoCluster {
  readonly pods: LivePod[];
  private readonly byApp = new Map<string, LivePod[]>();
  private readonly next = new Map<string, number>();

  constructor(startMs: number) {
    this.pods = demoPods().map((pod) => ({ pod, ip: pod.ip, up: true, upSince: startMs - 3_600_000, restartCount: 0 }));
    for (const p of this.pods) {
      const list = this.byApp.get(p.pod.workload.app) ?? [];
      list.push(p);
      this.byApp.set(p.pod.workload.app, list);
    }
  }

  /** The replicas of `app`. */
  replicas(app: string): LivePod[] {
    const list = this.byApp.get(app);
    if (!list) throw new Error(`demo: no workload ${app}`);
    return list;
  }

  /** The next replica of `app` (round robin, as a service's load balancing would). */
  pick(app: string): LivePod {
    const list = this.replicas(app);
    const i = this.next.get(app) ?? 0;
    this.next.set(app, i + 1);
    return list[i % list.length];
  }

  /** The pod as a traffic endpoint. */
  host(p: LivePod): Host {
    return { ip: p.ip, node: p.pod.node.name };
  }

  /** The node a pod runs on, as a host (kubelet probes come from it). */
  nodeHost(p: LivePod): Host {
    return { ip: p.pod.node.ip, node: p.pod.node.name };
  }

  /** `<service>.<namespace>.svc.cluster.local` of an app. */
  serviceName(app: string): string {
    const wl = this.replicas(app)[0].pod.workload;
    return `${wl.service}.${wl.namespace}.svc.cluster.local`;
  }
}
