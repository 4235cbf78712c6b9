/**
 * Sockets of this network namespace from /proc/net/{tcp,tcp6,udp,udp6}: local and remote
 * address, state and socket inode. Addresses are hex words in host (little-endian) byte
 * order; they are formatted the way items print them (capture/decode/ip-address.ts), and
 * IPv4-mapped IPv6 addresses (a dual-stack socket serving IPv4) as plain IPv4, which is
 * what the packets carry.
 */
import { readFileSync } from 'node:fs';
import { formatIpv4, formatIpv6 } from '../decode/ip-address.ts';

export type SocketProto = 'tcp' | 'udp';

export interface ProcSocket {
  proto: SocketProto;
  localIp: string;
  localPort: number;
  remoteIp: string;
  remotePort: number;
  /** Kernel state: TCP 0x0A = LISTEN, 0x01 = ESTABLISHED; UDP 0x07 = unconnected. */
  state: number;
  /** Socket inode (0 for sockets without one, e.g. TIME_WAIT). */
  inode: number;
}

export const TCP_LISTEN = 0x0a;

const bytes = new Uint8Array(16);

/** `0100007F` → 127.0.0.1; 32 hex digits → IPv6 (each 32-bit word little-endian). */
export function procAddress(hex: string): string {
  const words = hex.length / 8;
  for (let w = 0; w < words; w++) {
    for (let b = 0; b < 4; b++) bytes[w * 4 + b] = parseInt(hex.slice(w * 8 + (3 - b) * 2, w * 8 + (3 - b) * 2 + 2), 16);
  }
  if (words === 1) return formatIpv4(bytes, 0);
  const mapped = bytes[10] === 0xff && bytes[11] === 0xff && bytes.subarray(0, 10).every((x) => x === 0);
  return mapped ? formatIpv4(bytes, 12) : formatIpv6(bytes, 0);
}

/** Parse one /proc/net/{tcp,udp}[6] table. Malformed lines are skipped. */
export function parseProcNet(text: string, proto: SocketProto): ProcSocket[] {
  const out: ProcSocket[] = [];
  const lines = text.split('\n');
  for (let i = 1; i < lines.length; i++) {
    const f = lines[i].trim().split(/\s+/);
    if (f.length < 10) continue;
    const [lip, lport] = f[1].split(':');
    const [rip, rport] = f[2].split(':');
    if (!lport || !rport || (lip.length !== 8 && lip.length !== 32) || lip.length !== rip.length) continue;
    out.push({
      proto,
      localIp: procAddress(lip),
      localPort: parseInt(lport, 16),
      remoteIp: procAddress(rip),
      remotePort: parseInt(rport, 16),
      state: parseInt(f[3], 16),
      inode: Number(f[9]),
    });
  }
  return out;
}

/** Every TCP and UDP socket (IPv4 and IPv6) of the namespace `procRoot` shows. */
export function readProcSockets(procRoot = '/proc'): ProcSocket[] {
  const out: ProcSocket[] = [];
  for (const [file, proto] of [['tcp', 'tcp'], ['tcp6', 'tcp'], ['udp', 'udp'], ['udp6', 'udp']] as const) {
    try {
      out.push(...parseProcNet(readFileSync(`${procRoot}/net/${file}`, 'latin1'), proto));
    } catch {
      /* no IPv6, or /proc not mounted: that table is simply empty */
    }
  }
  return out;
}
