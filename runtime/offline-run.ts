/**
 * Offline runs (`wirehook run`): scripts over a capture, through the real pipeline, on
 * packet time, deterministically.
 *
 *  1. The first packet's time sets the virtual clock; the scripts load at that time, in
 *     the order given (one shared queue: every call happens in a fixed order).
 *  2. Before each packet the clock moves to its time. When a job or timer is due, pending
 *     items are handed over first and each due firing is run to completion before the
 *     next; the packet is pushed after. Every `drainEvery` packets the runner waits for the
 *     scripts (backpressure): nothing is ever dropped.
 *  3. At the end the pipeline is finished (open flows become items), the scripts process
 *     everything, and the clock runs to the last packet time.
 * Console lines go to `out` as they are written: bare with one script, `[title] ` before
 * every line with several. `console.clear()` is ignored.
 *
 * Node-side extras a caller may add (offline-services.ts builds them for `wirehook run`):
 * item `enrichers` (identity), an `onFlowPacket` tap (a stream store, for pcap.*), op
 * `services`, and `atPacketTime`, run at each packet's time before the packet (timed
 * identity events → onPodEvent), which the replay waits for.
 */
import { Pipeline, type Enricher, type PipelineOptions } from '../capture/pipeline.ts';
import type { OpServices } from '../helpers/define-op.ts';
import { replayPcapFile } from '../capture/replay.ts';
import { readPcapFile } from '../capture/source/pcap-file.ts';
import { packetTimeMs } from '../capture/source/raw-packet.ts';
import { VirtualClock } from './clock.ts';
import type { WirehookConfig } from './config.ts';
import { parseScriptHeader } from './sandbox/script-header.ts';
import { ScriptRuntime } from './script-runtime.ts';

export interface OfflineRunOptions {
  scripts: { id: string; code: string }[];
  pcap: string;
  config: WirehookConfig;
  /** Script env (default config.scripting.env). */
  env?: Record<string, unknown>;
  /** KFL filter items must pass before any script sees them. */
  filter?: string;
  /** Receives each output line (without newline). */
  out: (line: string) => void;
  /** Packets between waits for the scripts. Default 2048. */
  drainEvery?: number;
  /** Item enrichers (e.g. identity), in order, before scripts see items. */
  enrichers?: Enricher[];
  /** Every packet of every flow (e.g. a stream store's tap, for pcap.*). */
  onFlowPacket?: PipelineOptions['onFlowPacket'];
  /** Services for the scripts' ops (stream store, identity tables …). */
  services?: Partial<OpServices>;
  /** Runs at each packet's time after the clock moved there, before the packet is pushed; awaited. */
  atPacketTime?: (tsMs: number, rt: ScriptRuntime) => void | Promise<void>;
}

export interface OfflineRunResult {
  /** Ids of scripts that did not load. */
  failed: string[];
  packets: number;
  items: number;
}

/** Time of the first packet of a capture, or null for an empty one. */
export async function firstPacketTime(path: string): Promise<number | null> {
  const stop = new AbortController();
  let first: number | null = null;
  try {
    await readPcapFile(path, (p) => {
      if (first === null) {
        first = packetTimeMs(p);
        stop.abort();
      }
    }, { signal: stop.signal });
  } catch (e) {
    if (first === null) throw e;
  }
  return first;
}

export async function runOffline(o: OfflineRunOptions): Promise<OfflineRunResult> {
  const start = (await firstPacketTime(o.pcap)) ?? 0;
  const clock = new VirtualClock(Math.floor(start));
  let seed = 1;
  const random = () => ((seed = (seed * 16807) % 2147483647) - 1) / 2147483646;
  const rt = new ScriptRuntime({ config: o.config, mode: 'offline', clock, env: o.env, filter: o.filter, random, services: o.services });
  const several = o.scripts.length > 1;
  for (const s of o.scripts) {
    const prefix = several ? `[${parseScriptHeader(s.code, s.id.replace(/\.js$/, '')).title}] ` : '';
    rt.console(s.id).subscribe((e) => {
      if (e.type === 'line') for (const l of e.line.text.split('\n')) o.out(prefix + l);
    });
  }
  const failed: string[] = [];
  for (const s of o.scripts) if ((await rt.load(s)).state !== 'running') failed.push(s.id);

  const d = rt.dispatcher;
  const pipeline = new Pipeline({
    origin: { worker: o.config.node.name, nodeName: o.config.node.name, nodeIp: o.config.node.ip },
    onItem: (item) => d.pushItem(item),
    ...(d.wantsPackets ? { onPacket: (info) => d.pushPacket(info) } : {}),
    enrichers: o.enrichers,
    onFlowPacket: o.onFlowPacket,
  });
  const atPacketTime = o.atPacketTime;
  const advance = async (t: number) => {
    await d.idle();
    for (let at = clock.nextAt(); at !== undefined && at <= t; at = clock.nextAt()) {
      clock.advanceTo(at);
      await d.idle();
    }
    clock.advanceTo(t);
  };
  const drainEvery = o.drainEvery ?? 2048;
  let sinceDrain = 0;
  let last = start;
  try {
    await replayPcapFile(o.pcap, pipeline, {
      onPacketTime(ts) {
        last = Math.max(last, ts);
        const due = clock.nextAt();
        if (due !== undefined && due <= ts) return atPacketTime ? advance(ts).then(() => atPacketTime(ts, rt)) : advance(ts);
        clock.advanceTo(ts);
        const r = atPacketTime?.(ts, rt);
        if (r) return r;
        if (++sinceDrain < drainEvery) return;
        sinceDrain = 0;
        return d.idle();
      },
    });
    await advance(last);
    await d.idle();
  } finally {
    rt.stop();
  }
  return { failed, packets: pipeline.stats.packets, items: pipeline.stats.items };
}
