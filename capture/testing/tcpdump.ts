/**
 * Test helper: capture loopback traffic with the real tcpdump into a pcap file.
 * `startCapture` resolves once tcpdump reports it is listening; `stop()` ends it with
 * SIGTERM (tcpdump flushes on SIGTERM) and resolves when the file is complete.
 * The kernel buffer is 64 MiB (`-B`): with the default, a burst on loopback (40 HTTP/2
 * streams at once, a WebSocket flood) overflows the ring and the kernel drops packets.
 */
import { spawn } from 'node:child_process';

export interface Capture {
  file: string;
  stop(): Promise<void>;
}

export async function startCapture(file: string, bpf: string, iface = 'lo'): Promise<Capture> {
  const child = spawn('tcpdump', ['-i', iface, '-n', '-s', '0', '-B', '65536', '-U', '--immediate-mode', '-w', file, bpf], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      stderr += d.toString();
      if (stderr.includes('listening on')) {
        child.stderr.off('data', onData);
        resolve();
      }
    };
    child.stderr.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`tcpdump exited (${code}) before listening: ${stderr}`)));
  });
  child.removeAllListeners('exit');
  return {
    file,
    stop: () =>
      new Promise<void>((resolve) => {
        // Let the last packets reach the buffer before stopping.
        setTimeout(() => {
          child.once('exit', () => resolve());
          child.kill('SIGTERM');
        }, 300);
      }),
  };
}
