import { liveSourcesFor } from '../../../capture/live/live-config.ts';
import { createDemo, type Demo } from '../../../capture/synth/demo/demo-feature.ts';
import { loadConfig, type WirehookConfig } from '../../config.ts';
import { builtinFeatures } from '../../roles/features.ts';
import { WirehookNode } from '../../roles/node.ts';
import { pcapFileSource, type PacketSource } from '../../roles/packet-source.ts';
import { defineCommand, positiveFlag, UsageError, type CommandContext } from '../command.ts';

/** Flags override the config file (and WIREHOOK_* variables). */
export function applyStartFlags(config: WirehookConfig, v: CommandContext['values']): void {
  if (typeof v.scripts === 'string') config.scripting.source = v.scripts;
  if (typeof v.data === 'string') config.dataDir = v.data;
  if (typeof v.bind === 'string') config.dashboard.bind = v.bind;
  if (typeof v.port === 'string') {
    const port = Number(v.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('ERR_USAGE', `--port must be 0–65535, got '${v.port}'`);
    config.dashboard.port = port;
  }
  if (Array.isArray(v.interface)) config.capture.interfaces = v.interface.map(String);
  if (typeof v.filter === 'string') config.capture.filter = v.filter;
}

/** The demo's options from --seed / --rate (shared with `wirehook worker --demo`). */
export function demoFromFlags(v: CommandContext['values'], scripts?: readonly string[]): Demo {
  return createDemo({ seed: positiveFlag(v.seed, 'seed', true), rate: positiveFlag(v.rate, 'rate', false), scripts });
}

/**
 * The node's packet sources: one replay, one live capture per interface, or — with no
 * source option, or --demo — the demo cluster (capture/synth/demo), whose feature the node
 * installs too (identities, example scripts for an empty folder).
 */
export function chooseSources(config: WirehookConfig, v: CommandContext['values']): { sources: PacketSource[]; demo: Demo | null } {
  const chosen = [v.demo === true, typeof v.pcap === 'string', config.capture.interfaces.length > 0].filter(Boolean).length;
  if (chosen > 1) throw new UsageError('ERR_USAGE', 'choose one source: --demo, --pcap FILE or --interface IF');
  const demoFlags = ['seed', 'rate'].filter((f) => typeof v[f] === 'string');
  if (typeof v.pcap === 'string' || config.capture.interfaces.length > 0) {
    if (demoFlags.length) throw new UsageError('ERR_USAGE', `--${demoFlags[0]} goes with the demo (no --pcap / --interface)`);
    return { sources: typeof v.pcap === 'string' ? [pcapFileSource(v.pcap)] : liveSourcesFor(config), demo: null };
  }
  const demo = demoFromFlags(v);
  return { sources: [demo.source], demo };
}

export const start = defineCommand({
  name: 'start',
  summary: 'Hub + one worker in one process (dashboard, API, /metrics); no source option = demo',
  usage: '[--demo [--seed N] [--rate R] | --pcap FILE | --interface IF] [--filter BPF] [--scripts DIR] [--port N] [--data DIR]',
  options: {
    demo: { type: 'boolean', description: 'run the built-in demo cluster traffic (the default without --pcap / --interface)' },
    seed: { type: 'string', arg: 'N', description: 'demo: random seed (default 1)' },
    rate: { type: 'string', arg: 'R', description: 'demo: shopper requests per second (default 10)' },
    pcap: { type: 'string', arg: 'FILE', description: 'replay a capture file' },
    interface: { type: 'string', multiple: true, arg: 'IF', description: 'capture live on an interface' },
    filter: { type: 'string', arg: 'BPF', description: 'capture filter' },
    scripts: { type: 'string', arg: 'DIR', description: 'folder of scripts (watched)' },
    port: { type: 'string', arg: 'N', description: 'dashboard/API/metrics port (0 = any free port)', default: '8899' },
    bind: { type: 'string', arg: 'ADDR', description: 'dashboard bind address', default: '127.0.0.1' },
    data: { type: 'string', arg: 'DIR', description: 'data directory', default: '.wirehook' },
    config: { type: 'string', arg: 'FILE', description: 'wirehook.yaml' },
  },
  async run({ values, stdout, stderr }) {
    const config = await loadConfig({ file: typeof values.config === 'string' ? values.config : undefined });
    applyStartFlags(config, values);
    const { sources, demo } = chooseSources(config, values);
    const features = demo ? [...builtinFeatures(), demo.feature] : undefined;
    const node = await WirehookNode.create({ role: 'single', config, features, log: (l) => stderr.write(l + '\n') });
    await node.start();
    // Like Jupyter: the URL carries the token in its fragment (never sent to the server);
    // the dashboard keeps it and sends it on changes.
    stdout.write(`wirehook: dashboard ${node.http!.url}/#token=${node.token}\n`);
    stdout.write(`wirehook: API ${node.http!.url}/api, metrics ${node.http!.url}/metrics; token ${node.tokenGenerated ? 'generated into' : 'from config or'} ${node.dataDir}/token\n`);
    stdout.write(`wirehook: source ${sources.map((s) => s.name).join(', ')}; scripts from ${node.scriptFolder.dir}; Ctrl-C to stop\n`);
    let stopping = false;
    for (const source of sources) {
      const run = node.runSource(source);
      run.done.then(
        () => !stopping && stdout.write(`wirehook: ${source.name} finished: ${run.pipeline.stats.packets} packets, ${run.pipeline.stats.items} items; still serving\n`),
        () => undefined,
      );
    }
    await new Promise<void>((resolve) => {
      for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => resolve());
    });
    stopping = true;
    stdout.write('wirehook: stopping\n');
    await node.stop();
    return 0;
  },
});
