/**
 * Network interfaces of this host (Linux: /sys/class/net), checked before a capture agent
 * starts so a typo fails fast with the list of real names; plus the kernel's per-interface
 * packet counters (/proc/net/dev), the ground truth benchmarks compare deliveries with.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { noInterfaceError } from './capture-error.ts';

/** Interface names the host has ('any' is libpcap's pseudo-device for all of them). */
export function listInterfaces(): string[] {
  try {
    return readdirSync('/sys/class/net').sort();
  } catch {
    return Object.keys(networkInterfaces()).sort();
  }
}

/** Throws ERR_CAPTURE_NO_INTERFACE unless `iface` exists (or is 'any'). */
export function assertInterface(iface: string): void {
  if (iface === 'any') return;
  const plain = /^[A-Za-z0-9_.:@-]{1,64}$/.test(iface);
  if (plain && (existsSync(`/sys/class/net/${iface}`) || iface in networkInterfaces())) return;
  throw noInterfaceError(iface, listInterfaces());
}

export interface InterfaceCounters {
  rxPackets: number;
  rxBytes: number;
  rxDropped: number;
  txPackets: number;
}

/** Kernel counters of one interface from /proc/net/dev, or null when it is not listed. */
export function interfaceCounters(iface: string, text = readFileSync('/proc/net/dev', 'utf8')): InterfaceCounters | null {
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon < 0 || line.slice(0, colon).trim() !== iface) continue;
    const f = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    // rx: bytes packets errs drop fifo frame compressed multicast | tx: bytes packets …
    return { rxBytes: f[0], rxPackets: f[1], rxDropped: f[3], txPackets: f[9] };
  }
  return null;
}
