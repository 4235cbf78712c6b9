/**
 * Live capture sources from the configuration (`wirehook start --interface A --interface B
 * --filter BPF`, `capture.*` in wirehook.yaml): one LiveCaptureSource, hence one agent and
 * one pipeline, per interface. Interfaces are checked here, before the node starts, so a
 * typo fails with ERR_CAPTURE_NO_INTERFACE and the list of real names.
 */
import type { WirehookConfig } from '../../runtime/config.ts';
import { assertInterface } from './interfaces.ts';
import { LiveCaptureSource, type LiveCaptureOptions } from './live-source.ts';

export function liveSourcesFor(config: WirehookConfig, extra: Omit<LiveCaptureOptions, 'iface'> = {}): LiveCaptureSource[] {
  const c = config.capture;
  for (const iface of c.interfaces) assertInterface(iface);
  return [...new Set(c.interfaces)].map(
    (iface) =>
      new LiveCaptureSource({
        iface,
        filter: c.filter,
        producer: c.producer,
        snaplen: c.snaplen,
        bufferKiB: c.bufferMb * 1024,
        immediate: c.immediate,
        ...extra,
      }),
  );
}
