/**
 * The demo on a node (`wirehook start` with no source option): a feature and the packet
 * source it feeds.
 *
 *   const demo = createDemo({ seed: 1, rate: 10 });
 *   const node = await WirehookNode.create({ role: 'single', config, features: [...builtinFeatures(), demo.feature] });
 *   await node.start();
 *   node.runSource(demo.source);
 *
 * install(node), after the identity feature:
 *  - the demo cluster's objects go through the identity feature's informer path
 *    (`watchEvent`, ADDED, valid for any time), so scripts get `onPodEvent("ADDED", pod)`
 *    for every pod once they run, like an informer's initial list; the crash loop's pod
 *    and EndpointSlice events follow the same path at their time;
 *  - an empty script folder (no .js file) gets copies of a few examples, so the dashboard
 *    and /metrics show scripts at work; a folder with scripts is never touched.
 */
import { copyFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineFeature, type Feature } from '../../../runtime/roles/feature.ts';
import type { PacketSource } from '../../../runtime/roles/packet-source.ts';
import { nodeIdentity } from '../../enrich/identity-feature.ts';
import type { ClusterEvent } from './demo-traffic.ts';
import { demoSource } from './demo-source.ts';
import { clusterObjects } from './kube-objects.ts';
import { demoPods, NAMESPACES, NODES } from './topology.ts';

/** Examples the demo seeds into an empty script folder. */
export const DEMO_SCRIPTS: readonly string[] = ['http-5xx-alert.js', 'latency-histogram.js', 'namespace-matrix.js', 'pass-fail.js'];

export const EXAMPLES_DIR = fileURLToPath(new URL('../../../examples/', import.meta.url));

export interface DemoOptions {
  /** Default 1. */
  seed?: number;
  /** Shopper requests per second (default 10). */
  rate?: number;
  /** Examples copied into an empty script folder (default DEMO_SCRIPTS; [] = none). */
  scripts?: readonly string[];
  /** Where the examples are (default examples/ at the repository root). */
  examplesDir?: string;
  /** Wall clock of the generator (default Date.now; tests speed it up). */
  now?: () => number;
}

export interface Demo {
  feature: Feature;
  source: PacketSource;
}

/** Copies `names` from `from` into `dir` when `dir` has no .js file; returns the names copied. */
export async function seedScripts(dir: string, from: string, names: readonly string[]): Promise<string[]> {
  if (names.length === 0) return [];
  const present = await readdir(dir).catch(() => [] as string[]);
  if (present.some((f) => f.endsWith('.js'))) return [];
  const copied: string[] = [];
  for (const n of names) {
    try {
      await copyFile(path.join(from, n), path.join(dir, n));
      copied.push(n);
    } catch {
      // An example that is not there is simply not seeded.
    }
  }
  return copied;
}

export function createDemo(o: DemoOptions = {}): Demo {
  const seed = o.seed ?? 1;
  const rate = o.rate ?? 10;
  let onEvent: (e: ClusterEvent) => void = () => undefined;
  const source = demoSource({ seed, rate, now: o.now, onEvent: (e) => onEvent(e) });
  const feature = defineFeature({
    name: 'demo',
    async install(node) {
      const id = nodeIdentity(node);
      if (id) {
        for (const { kind, object } of clusterObjects((o.now ?? Date.now)())) id.watchEvent(kind, 'ADDED', object, { from: -Infinity });
        onEvent = (e) => void id.watchEvent(e.kind, e.type, e.object, { at: e.at, from: e.at });
      } else {
        node.log('wirehook: the demo runs without the identity feature: endpoints stay unnamed');
      }
      const seeded = await seedScripts(node.scriptFolder.dir, o.examplesDir ?? EXAMPLES_DIR, o.scripts ?? DEMO_SCRIPTS);
      if (seeded.length) node.log(`wirehook: demo: copied example scripts into ${node.scriptFolder.dir}: ${seeded.join(', ')}`);
      node.log(`wirehook: demo cluster: ${NODES.length} nodes, ${NAMESPACES.length} namespaces, ${demoPods().length} pods; ${rate} requests/s, seed ${seed}`);
    },
  });
  return { feature, source };
}
