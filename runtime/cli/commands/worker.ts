import { liveSourcesFor } from '../../../capture/live/live-config.ts';
import { createWorkerNode } from '../../cluster/cluster-nodes.ts';
import type { WorkerLink } from '../../cluster/worker-feature.ts';
import { pacedPcapSource } from '../../cluster/paced-replay.ts';
import { clusterUrl } from '../../cluster/protocol.ts';
import { applyClusterFlags, maybePrintConsoles, serveUntilSignal } from '../../cluster/serve.ts';
import { loadConfig, type WirehookConfig } from '../../config.ts';
import { pcapFileSource, type PacketSource } from '../../roles/packet-source.ts';
import { defineCommand, positiveFlag, UsageError, type CommandContext } from '../command.ts';
import type { Demo } from '../../../capture/synth/demo/demo-feature.ts';
import { applyStartFlags, demoFromFlags } from './start.ts';

function settlesWithin(p: Promise<void>, ms: number): Promise<boolean> {
  return new Promise((resolve) => {
    const t = setTimeout(() => resolve(false), ms);
    void p.then(() => (clearTimeout(t), resolve(true)));
  });
}

/** The worker's packet sources: a replayed file, the demo generator (with its feature), or live interfaces. */
function workerSources(config: WirehookConfig, v: CommandContext['values']): { sources: PacketSource[]; demo: Demo | null } {
  const chosen = [v.demo === true, typeof v.pcap === 'string', config.capture.interfaces.length > 0].filter(Boolean).length;
  if (chosen !== 1) throw new UsageError('ERR_USAGE', 'a worker needs exactly one source: --interface IF (repeatable), --pcap FILE or --demo');
  if (typeof v.speed === 'string' && typeof v.pcap !== 'string') throw new UsageError('ERR_USAGE', '--speed goes with --pcap FILE');
  if (v.demo !== true && (typeof v.seed === 'string' || typeof v.rate === 'string')) throw new UsageError('ERR_USAGE', '--seed and --rate go with --demo');
  if (typeof v.pcap === 'string') {
    if (typeof v.speed !== 'string') return { sources: [pcapFileSource(v.pcap)], demo: null };
    return { sources: [pacedPcapSource(v.pcap, positiveFlag(v.speed, 'speed')!)], demo: null };
  }
  if (v.demo === true) {
    // A worker's scripts come from the hub: no examples are seeded here.
    const demo = demoFromFlags(v, []);
    return { sources: [demo.source], demo };
  }
  return { sources: liveSourcesFor(config), demo: null };
}

export const worker = defineCommand({
  name: 'worker',
  summary: 'Run a worker (cluster role): capture, dissect, scripts; streams to the hub',
  usage: '--hub URL --token T (--interface IF… | --pcap FILE [--speed X] | --demo [--seed N] [--rate R]) [--port N] [--name NAME]',
  options: {
    hub: { type: 'string', arg: 'URL', description: 'hub address, e.g. ws://hub:8899 (or hub.address)' },
    token: { type: 'string', arg: 'T', description: "cluster token: the hub's hub.token or dashboard token (or hub.token / WIREHOOK_HUB_TOKEN)" },
    interface: { type: 'string', multiple: true, arg: 'IF', description: 'interface to capture on' },
    filter: { type: 'string', arg: 'BPF', description: 'capture filter' },
    pcap: { type: 'string', arg: 'FILE', description: 'replay a capture file instead (tests, demos)' },
    speed: { type: 'string', arg: 'X', description: "with --pcap: replay at X times the capture's own pace (default: as fast as possible)" },
    demo: { type: 'boolean', description: 'run the built-in demo traffic instead' },
    seed: { type: 'string', arg: 'N', description: 'with --demo: random seed (default 1)' },
    rate: { type: 'string', arg: 'R', description: 'with --demo: shopper requests per second (default 10)' },
    name: { type: 'string', arg: 'NAME', description: 'node name (default: node.name, else the host name)' },
    port: { type: 'string', arg: 'N', description: "this worker's API and /metrics port", default: '8899' },
    bind: { type: 'string', arg: 'ADDR', description: 'bind address for /metrics', default: '127.0.0.1' },
    data: { type: 'string', arg: 'DIR', description: 'data directory', default: '.wirehook' },
    console: { type: 'boolean', description: 'print script console lines to stdout' },
    config: { type: 'string', arg: 'FILE', description: 'wirehook.yaml' },
  },
  async run({ values, stdout, stderr }) {
    const config = await loadConfig({ file: typeof values.config === 'string' ? values.config : undefined });
    applyStartFlags(config, values);
    applyClusterFlags(config, values);
    const { sources, demo } = workerSources(config, values);
    let link: WorkerLink | undefined;
    const node = await createWorkerNode(config, { log: (l) => stderr.write(l + '\n'), onLink: (l) => (link = l), features: demo ? [demo.feature] : [] });
    maybePrintConsoles(node, stdout);
    await node.start();
    const wait = config.hub.startWaitMs;
    if (wait > 0 && !(await settlesWithin(link!.scriptsReady, wait))) {
      stderr.write(`wirehook: no scripts from the hub after ${wait / 1000} s (hub.startWaitMs); capturing anyway, they apply when the hub answers\n`);
    }
    stdout.write(`wirehook: worker ${node.origin.worker} (${node.origin.nodeIp}) streaming to ${clusterUrl(config.hub.address)}\n`);
    stdout.write(`wirehook: worker API and metrics on ${node.http!.url}  (/metrics, /healthz)\n`);
    let stopping = false;
    for (const source of sources) {
      const run = node.runSource(source);
      stdout.write(`wirehook: source ${source.name}\n`);
      run.done.then(
        () => !stopping && stdout.write(`wirehook: ${source.name} finished: ${run.pipeline.stats.packets} packets, ${run.pipeline.stats.items} items; still connected\n`),
        () => undefined,
      );
    }
    const served = serveUntilSignal(node, stdout);
    process.once('SIGTERM', () => (stopping = true)).once('SIGINT', () => (stopping = true));
    await served;
    return 0;
  },
});
