/**
 * Test harness for the script runtime: a runtime with real isolates, scripts loaded from
 * source text, and short helpers to push data and read consoles. Offline mode (virtual
 * clock, one shared queue) by default, so tests are deterministic and never sleep.
 *
 *   const h = await harness({ 'a.js': 'function onItemCaptured(d) { console.log(d.id) }' });
 *   await h.items([httpItem()]);
 *   t.deepEqual(h.lines('a.js'), ['worker-a/000000001000.pcap-0']);
 */
import { VirtualClock } from '../clock.ts';
import { defaultConfig, type WirehookConfig } from '../config.ts';
import type { Item } from '../../capture/item.ts';
import type { PacketInfo } from '../hooks.ts';
import type { Sandbox } from '../sandbox/sandbox.ts';
import type { ScriptLimits } from '../sandbox/limits.ts';
import { ScriptRuntime, type ScriptRuntimeOptions } from '../script-runtime.ts';
import { T0 } from './items.ts';

export interface HarnessOptions {
  mode?: 'live' | 'offline';
  limits?: Partial<ScriptLimits>;
  env?: Record<string, unknown>;
  config?: (c: WirehookConfig) => void;
  start?: number;
  runtime?: Partial<ScriptRuntimeOptions>;
}

export interface Harness {
  rt: ScriptRuntime;
  clock: VirtualClock;
  sandboxes: Record<string, Sandbox>;
  /** Pushes items and waits until every script has processed them. */
  items(items: Item[]): Promise<void>;
  packets(infos: PacketInfo[]): Promise<void>;
  /** Advances the virtual clock (firing jobs/timers) and waits for the work it caused. */
  advance(ms: number): Promise<void>;
  idle(): Promise<void>;
  lines(id: string): string[];
  stop(): void;
}

export async function harness(scripts: Record<string, string>, o: HarnessOptions = {}): Promise<Harness> {
  const config = defaultConfig();
  config.node = { name: 'node-a', ip: '10.0.0.10' };
  // Generous by default: exact-output tests must not see a timeout because a loaded CI
  // machine paused the isolate thread; tests about timeouts set their own limits.
  Object.assign(config.scripting.limits, { timeoutMs: 1000 }, o.limits ?? {});
  if (o.env) config.scripting.env = o.env;
  o.config?.(config);
  const clock = new VirtualClock(o.start ?? T0);
  const rt = new ScriptRuntime({ config, mode: o.mode ?? 'offline', clock, random: () => 0, ...o.runtime });
  const sandboxes: Record<string, Sandbox> = {};
  for (const [id, code] of Object.entries(scripts)) sandboxes[id] = await rt.load({ id, code });
  const idle = () => rt.dispatcher.idle();
  return {
    rt,
    clock,
    sandboxes,
    async items(items) {
      for (const it of items) rt.dispatcher.pushItem(it);
      await idle();
    },
    async packets(infos) {
      for (const p of infos) rt.dispatcher.pushPacket(p);
      await idle();
    },
    async advance(ms) {
      const target = clock.now() + ms;
      while ((clock.nextAt() ?? Infinity) <= target) {
        clock.advanceTo(clock.nextAt()!);
        await idle();
      }
      clock.advanceTo(target);
      await idle();
    },
    idle,
    lines: (id) => rt.console(id).texts(),
    stop: () => rt.stop(),
  };
}
