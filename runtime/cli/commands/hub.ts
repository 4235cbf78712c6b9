import { createHubNode } from '../../cluster/cluster-nodes.ts';
import { CLUSTER_PATH } from '../../cluster/protocol.ts';
import { applyClusterFlags, maybePrintConsoles, serveUntilSignal } from '../../cluster/serve.ts';
import { loadConfig } from '../../config.ts';
import { defineCommand } from '../command.ts';
import { applyStartFlags } from './start.ts';

export const hub = defineCommand({
  name: 'hub',
  summary: 'Run the hub (cluster role): item store, maps, dashboard, hub-side scripts',
  usage: '[--port N] [--bind ADDR] [--scripts DIR] [--data DIR] [--token T] [--console]',
  options: {
    port: { type: 'string', arg: 'N', description: 'API/dashboard port; workers connect here too', default: '8899' },
    bind: { type: 'string', arg: 'ADDR', description: 'bind address (0.0.0.0 so workers on other machines can connect)', default: '127.0.0.1' },
    scripts: { type: 'string', arg: 'DIR', description: 'folder of scripts (watched); the active ones also run on every worker' },
    data: { type: 'string', arg: 'DIR', description: 'data directory', default: '.wirehook' },
    token: { type: 'string', arg: 'T', description: 'cluster token workers must present (default: the dashboard token)' },
    console: { type: 'boolean', description: "print script console lines (the hub's and the workers') to stdout" },
    config: { type: 'string', arg: 'FILE', description: 'wirehook.yaml' },
  },
  async run({ values, stdout, stderr }) {
    const config = await loadConfig({ file: typeof values.config === 'string' ? values.config : undefined });
    applyStartFlags(config, values);
    applyClusterFlags(config, values);
    const node = await createHubNode(config, { log: (l) => stderr.write(l + '\n') });
    maybePrintConsoles(node, stdout);
    await node.start();
    const url = node.http!.url;
    stdout.write(`wirehook: hub dashboard and API on ${url}  (/api/nodes, /metrics, /healthz)\n`);
    stdout.write(`wirehook: workers connect with --hub ${url.replace(/^http/, 'ws')}${CLUSTER_PATH}\n`);
    stdout.write(
      node.tokenGenerated
        ? `wirehook: dashboard token (needed for changes; kept in ${node.dataDir}/token): ${node.token}\n`
        : `wirehook: dashboard token: configured or kept in ${node.dataDir}/token\n`,
    );
    stdout.write(`wirehook: cluster token for workers (--token): ${config.hub.token ? 'hub.token, as configured' : 'the dashboard token'}\n`);
    stdout.write(`wirehook: scripts from ${node.scriptFolder.dir}; Ctrl-C to stop\n`);
    await serveUntilSignal(node, stdout);
    return 0;
  },
});
