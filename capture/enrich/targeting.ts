/**
 * Capture targeting (config `capture.targeting`): which pods' traffic is dissected into
 * items. A flow is dissected when one of its endpoints, as of the flow's first packet, is
 * a targeted pod — in one of `namespaces` (none listed = any) and named to match
 * `podRegex` ("" = any) — or a service in a targeted namespace whose name matches. Other
 * flows skip dissection (the pipeline's `shouldDissect`, consulted once at flow creation);
 * their L4 statistics and flow samples are unaffected, so the L4 map stays cluster-wide.
 * Without any rule every flow is dissected and every pod is a target.
 *
 * `targeted()` answers `hub.targeted()`: `{targets: [Pod…], excluded: [Pod…]}` as JSON.
 */
import type { FlowInfo } from '../flow/flow.ts';
import type { ClusterState } from './cluster-state.ts';
import type { EndpointIdentity, KubeObject } from './identity.ts';
import { nameOf, namespaceOf } from './k8s-objects.ts';

export interface TargetingRules {
  namespaces: string[];
  podRegex: string;
}

export interface TargetsService {
  /** JSON `{targets: [Pod…], excluded: [Pod…]}`. */
  targeted(): string;
}

declare module '../../helpers/define-op.ts' {
  interface OpServices {
    /** Pods selected by capture targeting, for hub.targeted() (capture/enrich). */
    targets: TargetsService;
  }
}

export class TargetingError extends Error {
  readonly code = 'ERR_TARGETING_REGEX';
  readonly hint = 'fix capture.targeting.podRegex (a JavaScript regular expression, e.g. "^checkout-")';
}

export class Targeting implements TargetsService {
  /** Some rule is configured (otherwise everything is targeted). */
  readonly active: boolean;
  /** Flows not dissected because no endpoint was targeted. */
  skippedFlows = 0;
  private readonly namespaces: ReadonlySet<string>;
  private readonly podRe: RegExp | null;

  constructor(
    rules: TargetingRules,
    private readonly cluster: ClusterState,
  ) {
    this.namespaces = new Set(rules.namespaces);
    try {
      this.podRe = rules.podRegex ? new RegExp(rules.podRegex) : null;
    } catch (e) {
      throw new TargetingError(`capture.targeting.podRegex is not a valid regular expression: ${(e as Error).message}`);
    }
    this.active = this.namespaces.size > 0 || this.podRe !== null;
  }

  isTargetedPod(pod: KubeObject): boolean {
    return this.matches(namespaceOf(pod), nameOf(pod));
  }

  /** Pipeline hook: dissect this flow? */
  readonly shouldDissect = (flow: FlowInfo): boolean => {
    if (!this.active) return true;
    const t = flow.firstSeenMs;
    if (this.targetedEndpoint(this.cluster.resolve(flow.client.ip, t)) || this.targetedEndpoint(this.cluster.resolve(flow.server.ip, t))) return true;
    this.skippedFlows++;
    return false;
  };

  targeted(): string {
    const targets: KubeObject[] = [];
    const excluded: KubeObject[] = [];
    for (const pod of this.cluster.pods.values()) (this.isTargetedPod(pod) ? targets : excluded).push(pod);
    return JSON.stringify({ targets, excluded });
  }

  private targetedEndpoint(id: EndpointIdentity | null): boolean {
    if (id === null) return false;
    if (id.mechanism === 'pod-ip' || id.mechanism === 'service-ip') return this.matches(id.namespace, id.name);
    return false;
  }

  private matches(namespace: string, name: string): boolean {
    if (this.namespaces.size > 0 && !this.namespaces.has(namespace)) return false;
    return this.podRe === null || this.podRe.test(name);
  }
}
