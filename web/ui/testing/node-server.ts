/**
 * A real Wirehook node in the test process (what `wirehook start` builds): the dashboard
 * feature (REST API, WebSocket, the built UI) and the storage feature (stream store,
 * recordings), on a given port, with its own data, script and example folders — so a
 * test can feed more traffic whenever it wants (`feed`, one live pipeline) and offer its
 * own examples.
 */
import { defaultConfig } from '../../../runtime/config.ts';
import { storageFeature } from '../../../runtime/recorder/storage-feature.ts';
import { WirehookNode } from '../../../runtime/roles/node.ts';
import { dashboardFeature } from '../../../web/server/dashboard-feature.ts';
import { fedSource } from './fed-source.ts';

export interface TestNode {
  node: WirehookNode;
  url: string;
  token: string;
  /** Push a capture's packets through the node's one live source (see fed-source.ts). */
  feed(pcap: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startTestNode(o: { port: number; dataDir: string; scriptsDir: string; examplesDir?: string; token?: string }): Promise<TestNode> {
  const config = defaultConfig();
  config.dataDir = o.dataDir;
  config.scripting.source = o.scriptsDir;
  config.dashboard.port = o.port;
  config.dashboard.bind = '127.0.0.1';
  config.dashboard.token = o.token ?? 'e2e-token-0123456789abcdef';
  const node = await WirehookNode.create({ role: 'single', config, features: [dashboardFeature({ examplesDir: o.examplesDir }), storageFeature()], log: () => undefined });
  await node.start({ listen: true });
  const source = fedSource();
  node.runSource(source);
  return {
    node,
    url: node.http!.url,
    token: node.token,
    feed: (pcap) => source.feed(pcap),
    stop: () => node.stop(),
  };
}
