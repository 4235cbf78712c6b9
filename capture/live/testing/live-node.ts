/**
 * Test helper: a real WirehookNode (role 'single', no HTTP listener, no built-in features
 * unless given) in a temp data dir, collecting every published item, plus `waitFor` to
 * poll a condition on live traffic.
 */
import type { Item } from '../../item.ts';
import { defaultConfig, type WirehookConfig } from '../../../runtime/config.ts';
import type { Feature } from '../../../runtime/roles/feature.ts';
import { WirehookNode } from '../../../runtime/roles/node.ts';
import { tempDir } from '../../../runtime/testing/capture.ts';

export interface TestNode {
  node: WirehookNode;
  items: Item[];
  logs: string[];
  /** Stop the node and remove its data dir (once; later calls wait for the first). */
  close(): Promise<void>;
}

export interface TestNodeOptions {
  features?: Feature[];
  /** Adjust the config (defaults: temp data dir, port 0, node name 'test-node'). */
  configure?: (c: WirehookConfig) => void;
  /** Runs after the node is created (its script folder exists) and before it starts. */
  beforeStart?: (node: WirehookNode) => unknown;
  listen?: boolean;
}

export async function startTestNode(o: TestNodeOptions = {}): Promise<TestNode> {
  const tmp = await tempDir();
  const config = defaultConfig();
  config.dataDir = tmp.dir;
  config.dashboard.port = 0;
  config.node.name = 'test-node';
  o.configure?.(config);
  const logs: string[] = [];
  const node = await WirehookNode.create({ role: 'single', config, features: o.features ?? [], log: (l) => logs.push(l), flowSampleMs: 200 });
  const items: Item[] = [];
  node.items.subscribe((i) => void items.push(i));
  try {
    await o.beforeStart?.(node);
    await node.start({ listen: o.listen ?? false });
  } catch (e) {
    await node.stop().catch(() => undefined);
    await tmp.cleanup();
    throw e;
  }
  let closing: Promise<void> | undefined;
  return {
    node,
    items,
    logs,
    close() {
      closing ??= node.stop().then(() => tmp.cleanup());
      return closing;
    },
  };
}

/** Poll `cond` every 50 ms until it holds; throws with `what` after `timeoutMs`. */
export async function waitFor(what: string, cond: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
