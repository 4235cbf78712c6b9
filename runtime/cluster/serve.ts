/**
 * Shared by `wirehook hub` and `wirehook worker`: the cluster flags that map onto config
 * keys, and running a started node until SIGINT/SIGTERM.
 */
import type { WirehookConfig } from '../config.ts';
import type { WirehookNode } from '../roles/node.ts';
import { printConsoles } from './console-printer.ts';

/** Flags both roles take (besides applyStartFlags' port/bind/data/scripts/interface/filter). */
export function applyClusterFlags(config: WirehookConfig, v: Record<string, unknown>): void {
  if (typeof v.token === 'string') config.hub.token = v.token;
  if (typeof v.hub === 'string') config.hub.address = v.hub;
  if (typeof v.name === 'string') config.node.name = v.name;
  if (v.console === true) config.hub.printConsole = true;
}

/** With `hub.printConsole`, prints every script console line to `out` (call before start). */
export function maybePrintConsoles(node: WirehookNode, out: NodeJS.WritableStream): void {
  if (node.config.hub.printConsole) printConsoles(node.runtime, (s) => void out.write(s));
}

/** Resolves after the first SIGINT or SIGTERM, once the node has stopped. */
export async function serveUntilSignal(node: WirehookNode, out: NodeJS.WritableStream): Promise<void> {
  await new Promise<void>((resolve) => {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => resolve());
  });
  out.write('wirehook: stopping\n');
  await node.stop();
}
