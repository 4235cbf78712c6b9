/**
 * The capture agent (DESIGN.md §1): a child process that only captures. It opens one
 * interface with the first producer that works (agent-protocol.ts `producerOrder`; a
 * producer that cannot run here is skipped with a log line), writes a pcap stream to stdout
 * and reports on fd 3 (`ready`, periodic cumulative `stats`, `log`, fatal `error`).
 *
 *   node --import=tsx capture/live/agent.ts '{"iface":"lo","filter":"tcp port 80"}'
 *
 * Started and supervised by live-source.ts; see agent-protocol.ts for the whole contract.
 * It exits when told (SIGTERM/SIGINT, after a final stats message), when its producer dies
 * (exit 1, the worker restarts it) and when the worker is gone (re-parented).
 */
import { writeSync } from 'node:fs';
import { defaultAgentConfig, EXIT_FATAL, producerOrder, SIDE_CHANNEL_FD, type AgentConfig, type AgentMessage } from './agent-protocol.ts';
import { capProducer } from './cap-producer.ts';
import { CaptureError, noProducerError } from './capture-error.ts';
import { assertInterface } from './interfaces.ts';
import { ProducerUnavailable, type Producer, type ProducerEvents, type ProducerFactory } from './producer.ts';
import { tcpdumpProducer } from './tcpdump-producer.ts';

const factories: Record<Producer['name'], ProducerFactory> = { cap: capProducer, tcpdump: tcpdumpProducer };

function send(m: AgentMessage): void {
  const line = Buffer.from(JSON.stringify(m) + '\n');
  for (let off = 0; off < line.length; ) {
    try {
      off += writeSync(SIDE_CHANNEL_FD, line, off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') return;
    }
  }
}

/** Try producers in order; resolves with the running one, or exits after an `error` message. */
async function open(c: AgentConfig, ev: ProducerEvents): Promise<Producer> {
  const reasons: string[] = [];
  let refused: CaptureError | undefined;
  const order = producerOrder(c.producer);
  for (let i = 0; i < order.length; i++) {
    const p = factories[order[i]](c, ev);
    try {
      const { linkType } = await p.start();
      send({ type: 'ready', producer: p.name, linkType, pid: process.pid });
      return p;
    } catch (e) {
      const next = order[i + 1];
      if (e instanceof ProducerUnavailable) {
        reasons.push(e.message);
        if (next) ev.log(`capture on ${c.iface}: ${e.message}; falling back to ${next}`);
        continue;
      }
      const err = e instanceof CaptureError ? e : new CaptureError('ERR_CAPTURE_FAILED', String((e as Error).message), 'see the capture agent log');
      // Another producer may hold capabilities this one lacks; other failures are final.
      if (err.code !== 'ERR_CAPTURE_PERMISSION' || !next) return fail(err);
      refused = err;
      ev.log(`capture on ${c.iface}: ${order[i]} refused (${err.detail}); trying ${next}`);
    }
  }
  return fail(refused ?? noProducerError(reasons));
}

function fail(err: CaptureError): never {
  send({ type: 'error', ...err.toJSON() });
  process.exit(EXIT_FATAL);
}

/** Exit once what the cap producer queued on stdout is written (at most 2 s). */
async function exitAfterDrain(code: number): Promise<never> {
  const out = process.stdout;
  if (out.writableLength > 0) {
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, 2000);
      out.once('drain', () => (clearTimeout(t), resolve()));
    });
  }
  process.exit(code);
}

async function main(): Promise<void> {
  const c: AgentConfig = { ...defaultAgentConfig, ...(JSON.parse(process.argv[2] ?? '{}') as Partial<AgentConfig>) } as AgentConfig;
  if (!c.iface) fail(new CaptureError('ERR_CAPTURE_FAILED', 'the capture agent was started without an interface', 'pass {"iface": "…"} as its argument'));
  try {
    assertInterface(c.iface);
  } catch (e) {
    fail(e as CaptureError);
  }
  let stopping = false;
  const ev: ProducerEvents = {
    onStats: (s) => send({ type: 'stats', ...s }),
    onExit: (reason) => {
      if (stopping) return;
      send({ type: 'log', message: `capture on ${c.iface}: ${reason}` });
      void exitAfterDrain(1);
    },
    log: (message) => send({ type: 'log', message }),
  };
  const producer = await open(c, ev);
  const stop = async (): Promise<void> => {
    if (stopping) return;
    stopping = true;
    clearInterval(orphanCheck);
    send({ type: 'stats', ...(await producer.stop()) });
    await exitAfterDrain(0);
  };
  process.on('SIGTERM', () => void stop());
  process.on('SIGINT', () => void stop());
  // Re-parented: the worker is gone, nobody reads the stream any more.
  const parent = process.ppid;
  const orphanCheck = setInterval(() => process.ppid !== parent && void stop(), 500);
}

void main();
