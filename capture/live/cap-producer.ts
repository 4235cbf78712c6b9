/**
 * The cap producer: the `cap` libpcap binding (optional dependency) in the agent process,
 * which does nothing else (cap segfaults next to networking code and is bound to the main
 * libuv loop, so never load it in the worker or a worker_thread).
 *
 * cap delivers each packet synchronously into one reused buffer (immediate mode, snaplen
 * fixed at 65535 by the binding) and gives neither timestamps nor pcap_stats: packets are
 * stamped with the agent's clock on arrival, and kernel drops are unknown (null). Packets
 * of one libuv poll are batched into a PcapWriter and flushed to stdout at setImmediate.
 * stdout is a non-blocking pipe: when more than `maxPendingBytes` wait for the worker,
 * new packets are dropped and counted (`agentDrops`) instead of growing memory.
 */
import { createRequire } from 'node:module';
import { LinkType } from '../source/link-types.ts';
import { PcapWriter } from '../source/pcap-writer.ts';
import type { AgentConfig, AgentStats } from './agent-protocol.ts';
import { classifyCaptureFailure } from './capture-error.ts';
import { ProducerUnavailable, type Producer, type ProducerEvents } from './producer.ts';

interface CapHandle {
  open(device: string, filter: string, bufSize: number, buffer: Buffer): string;
  close(): void;
  on(event: 'packet', cb: (nbytes: number) => void): void;
}

const CAP_SNAPLEN = 65535;

/** cap's link-type names → LINKTYPE_* numbers. */
const LINK_TYPES: Record<string, number> = {
  ETHERNET: LinkType.ETHERNET,
  NULL: LinkType.NULL,
  LINKTYPE_LINUX_SLL: LinkType.LINUX_SLL,
  RAW: LinkType.RAW,
  IEEE802_11_RADIO: 127,
};

function loadCap(moduleName: string): new () => CapHandle {
  try {
    const mod = createRequire(import.meta.url)(moduleName) as { Cap?: new () => CapHandle };
    if (typeof mod.Cap !== 'function') throw new Error(`'${moduleName}' has no Cap class`);
    return mod.Cap;
  } catch (e) {
    throw new ProducerUnavailable('cap', `cannot load '${moduleName}' (${(e as Error).message.split('\n')[0]})`);
  }
}

export function capProducer(c: AgentConfig, ev: ProducerEvents): Producer {
  let cap: CapHandle | undefined;
  let writer: PcapWriter | undefined;
  let timer: NodeJS.Timeout | undefined;
  let flushScheduled = false;
  const stats: AgentStats = { producer: 'cap', captured: 0, received: 0, kernelDrops: null, interfaceDrops: null, agentDrops: 0 };
  const out = process.stdout;
  const flush = (): void => {
    flushScheduled = false;
    writer?.flush();
  };

  return {
    name: 'cap',
    async start() {
      const Cap = loadCap(c.capModule);
      const handle = new Cap();
      const buffer = Buffer.alloc(CAP_SNAPLEN);
      let linkName: string;
      try {
        linkName = handle.open(c.iface, c.filter, c.bufferKiB * 1024, buffer);
      } catch (e) {
        throw classifyCaptureFailure(c.iface, c.filter, (e as Error).message);
      }
      const linkType = LINK_TYPES[linkName];
      if (linkType === undefined) {
        setImmediate(() => handle.close());
        throw classifyCaptureFailure(c.iface, c.filter, `unsupported link type ${linkName}`);
      }
      cap = handle;
      // The writer's batch is handed over at each flush and a new one allocated, so the
      // stream owns what it was given.
      const w = new PcapWriter({ linkType, snaplen: CAP_SNAPLEN, sink: out, batchBytes: 256 * 1024 });
      w.writeHeader();
      w.flush();
      writer = w;
      handle.on('packet', (nbytes) => {
        stats.received!++;
        if (out.writableLength > c.maxPendingBytes) {
          stats.agentDrops++;
          return;
        }
        const ms = performance.timeOrigin + performance.now();
        const sec = Math.floor(ms / 1000);
        // cap reports only the captured length; the IP header still tells the decoder the real one.
        w.write(sec, Math.floor((ms - sec * 1000) * 1e6), buffer.subarray(0, nbytes));
        stats.captured++;
        if (!flushScheduled) {
          flushScheduled = true;
          setImmediate(flush);
        }
      });
      timer = setInterval(() => ev.onStats({ ...stats }), c.statsIntervalMs);
      return { linkType };
    },
    async stop() {
      clearInterval(timer);
      const handle = cap;
      cap = undefined;
      // close() from inside cap's packet callback can abort (no HandleScope): defer it.
      if (handle) await new Promise<void>((r) => setImmediate(() => (handle.close(), r())));
      flush();
      return { ...stats };
    },
  };
}
