/**
 * A feature plugs into a node at start (built-ins use this too, like mitmproxy's default
 * addons): metrics, stream store and recorder, identity enrichment, hub link, dashboard.
 * `install` runs once, in list order, after the script runtime exists and before scripts
 * load, sources start and the HTTP server listens. It may add routes to `node.router`,
 * enrichers, op services for scripts, bus subscribers, and stop hooks (`node.onStop`).
 */
import type { WirehookNode } from './node.ts';

export interface Feature {
  readonly name: string;
  install(node: WirehookNode): void | Promise<void>;
}

export function defineFeature(f: Feature): Feature {
  return f;
}
