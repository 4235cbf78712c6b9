/**
 * The tcpdump producer: `tcpdump -i IF -n -s SNAPLEN -B KIB -U -w - [--immediate-mode] [BPF]`
 * as a child of the agent whose stdout *is* the agent's stdout (fd 1 inherited), so the
 * pcap stream reaches the worker without passing through JavaScript.
 *
 * Stats: tcpdump has no periodic report, but prints its pcap_stats on SIGUSR1; the producer
 * sends SIGUSR1 every `statsIntervalMs` once tcpdump is listening (before that the signal
 * would kill it) and parses stderr (tcpdump-stats.ts). What you get: packets captured
 * (written), received by filter (ps_recv; twice per packet on lo), dropped by kernel
 * (ps_drop) and, when tcpdump prints it, dropped by interface (ps_ifdrop). On SIGTERM
 * tcpdump flushes and prints the same counters a last time.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import type { AgentConfig, AgentStats } from './agent-protocol.ts';
import { classifyCaptureFailure } from './capture-error.ts';
import { ProducerUnavailable, type Producer, type ProducerEvents } from './producer.ts';
import { TcpdumpStatsReader } from './tcpdump-stats.ts';

export function tcpdumpArgs(c: AgentConfig): string[] {
  const args = ['-i', c.iface, '-n', '-s', String(c.snaplen), '-B', String(c.bufferKiB), '-U'];
  if (c.immediate) args.push('--immediate-mode');
  args.push('-w', '-');
  if (c.filter) args.push(c.filter);
  return args;
}

export function tcpdumpProducer(c: AgentConfig, ev: ProducerEvents): Producer {
  let child: ChildProcess | undefined;
  let timer: NodeJS.Timeout | undefined;
  let stopping = false;
  let closed: Promise<void> = Promise.resolve();
  let last: AgentStats = { producer: 'tcpdump', captured: 0, received: 0, kernelDrops: 0, interfaceDrops: null, agentDrops: 0 };
  const reader = new TcpdumpStatsReader();

  return {
    name: 'tcpdump',
    start() {
      return new Promise((resolve, reject) => {
        let ready = false;
        let early = '';
        const p = spawn(c.tcpdumpPath, tcpdumpArgs(c), { stdio: ['ignore', 1, 'pipe'] });
        child = p;
        closed = new Promise((r) => p.once('close', () => r()));
        p.once('error', (e: NodeJS.ErrnoException) => {
          if (e.code === 'ENOENT') reject(new ProducerUnavailable('tcpdump', `'${c.tcpdumpPath}' is not installed or not on PATH`));
          else reject(classifyCaptureFailure(c.iface, c.filter, e.message));
        });
        p.stderr!.setEncoding('utf8');
        p.stderr!.on('data', (d: string) => {
          if (!ready) {
            early += d;
            if (!early.includes('listening on')) return;
            ready = true;
            timer = setInterval(() => p.kill('SIGUSR1'), c.statsIntervalMs);
            resolve({ linkType: null });
          }
          const { reports, other } = reader.push(d);
          for (const r of reports) {
            last = { producer: 'tcpdump', captured: r.captured, received: r.received, kernelDrops: r.kernelDrops, interfaceDrops: r.interfaceDrops, agentDrops: 0 };
            ev.onStats(last);
          }
          for (const line of other) if (!line.includes('listening on')) ev.log(`tcpdump: ${line.replace(/^tcpdump: /, '')}`);
        });
        p.once('close', (code, signal) => {
          clearInterval(timer);
          if (!ready) reject(classifyCaptureFailure(c.iface, c.filter, early || `tcpdump exited (${code ?? signal})`));
          else if (!stopping) ev.onExit(`tcpdump exited (${code ?? signal})`);
        });
      });
    },
    async stop() {
      stopping = true;
      clearInterval(timer);
      if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await closed;
      return last;
    },
  };
}
