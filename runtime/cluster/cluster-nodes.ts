/**
 * Building the cluster roles' nodes (the `wirehook hub` / `wirehook worker` commands and
 * tests use these, so a role is always wired the same way):
 *
 *   const hub = await createHubNode(config);        // role 'hub': no capture, cluster server
 *   await hub.start();                              // workers connect to ws://…/api/cluster
 *   const worker = await createWorkerNode(config);  // config.hub.address, config.hub.token
 *   await worker.start();                           // connects, receives the hub's scripts
 *   worker.runSource(pcapFileSource(file));         // items flow to the hub
 *
 * In cluster mode the hub's script set is the source of truth: a worker runs the hub's
 * active scripts (from an in-memory mirror) and `scripting.active` of the worker's own
 * config is ignored (its script folder, normally empty, still loads).
 */
import { MemoryStore } from '../../scripts/memory-store.ts';
import type { WirehookConfig } from '../config.ts';
import type { Feature } from '../roles/feature.ts';
import { builtinFeatures } from '../roles/features.ts';
import { WirehookNode } from '../roles/node.ts';
import { hubFeature, type HubFeatureOptions } from './hub-feature.ts';
import { clusterUrl } from './protocol.ts';
import { workerFeature, type WorkerLink } from './worker-feature.ts';

export interface ClusterNodeOptions {
  log?: (line: string) => void;
  /** Features besides builtinFeatures() and the role's own. */
  features?: Feature[];
  flowSampleMs?: number;
}

export class ClusterConfigError extends Error {
  constructor(
    readonly code: 'ERR_HUB_ADDRESS' | 'ERR_HUB_TOKEN',
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

export async function createHubNode(config: WirehookConfig, o: ClusterNodeOptions & { hub?: HubFeatureOptions } = {}): Promise<WirehookNode> {
  return WirehookNode.create({
    role: 'hub',
    config,
    log: o.log,
    flowSampleMs: o.flowSampleMs,
    features: [...builtinFeatures(), hubFeature(o.hub), ...(o.features ?? [])],
  });
}

/** Throws ClusterConfigError when `hub.address` or `hub.token` is missing or malformed. */
export async function createWorkerNode(config: WirehookConfig, o: ClusterNodeOptions & { onLink?: (l: WorkerLink) => void } = {}): Promise<WirehookNode> {
  const address = config.hub.address;
  if (!address) throw new ClusterConfigError('ERR_HUB_ADDRESS', 'a worker needs the hub address', 'pass --hub ws://HOST:PORT or set hub.address in wirehook.yaml');
  clusterUrl(address);
  if (!config.hub.token) {
    throw new ClusterConfigError('ERR_HUB_TOKEN', 'a worker needs the cluster token', "pass --token T or set hub.token (WIREHOOK_HUB_TOKEN): the hub's hub.token, or its dashboard token");
  }
  config.scripting.active = null;
  const mirror = new MemoryStore({}, 'hub');
  return WirehookNode.create({
    role: 'worker',
    config,
    log: o.log,
    flowSampleMs: o.flowSampleMs,
    stores: [mirror],
    features: [...builtinFeatures(), workerFeature({ address, token: config.hub.token, mirror, onReady: o.onLink }), ...(o.features ?? [])],
  });
}
