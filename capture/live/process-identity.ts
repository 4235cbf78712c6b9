/**
 * Process identity for local sockets: fills `processId` and `processName` on an item's
 * src/dst when that endpoint is an address of this host and a local process owns the
 * socket (/proc/net/* → socket inode → /proc/<pid>/fd → /proc/<pid>/comm).
 *
 * Cost model: per item, two map lookups on a result cache keyed by the endpoint and its
 * peer. On a cache miss the socket tables are consulted; only when they do not explain the
 * endpoint (a new connection, a new process) are /proc/net/* and the fd links re-read, and
 * at most once per `minRescanMs`. Found processes are kept `ttlMs`, misses until the next
 * rescan is allowed. A socket
 * that is gone (short-lived client) is resolved through the listening socket on its port,
 * so servers stay attributed after their connections close.
 */
import { networkInterfaces } from 'node:os';
import type { Item, ItemEndpoint } from '../item.ts';
import { readProcSockets, TCP_LISTEN, type ProcSocket, type SocketProto } from './proc-net.ts';
import { scanSocketOwners, type ProcessRef } from './process-table.ts';

export interface ProcessIdentityOptions {
  /** /proc of the network namespace and processes to inspect (default '/proc'). */
  procRoot?: string;
  /** Minimum interval between rescans of /proc, ms (default 1000). */
  minRescanMs?: number;
  /** How long a lookup result is trusted, ms (default 30000). */
  ttlMs?: number;
  /** Clock (tests). */
  now?: () => number;
}

interface Cached {
  ref: ProcessRef | null;
  /** Trusted until (ms): ttl for a found process, the next allowed rescan for a miss. */
  until: number;
}

const MAX_CACHED = 50_000;

export class ProcessIdentity {
  /** Full /proc rescans done (the expensive path). */
  rescans = 0;
  private readonly procRoot: string;
  private readonly minRescanMs: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  private readonly cache = new Map<string, Cached>();
  private conns = new Map<string, number>();
  private listeners = new Map<string, ProcSocket[]>();
  private owners = new Map<number, ProcessRef>();
  private local = new Set<string>();
  private lastScan = -Infinity;

  constructor(o: ProcessIdentityOptions = {}) {
    this.procRoot = o.procRoot ?? '/proc';
    this.minRescanMs = o.minRescanMs ?? 1000;
    this.ttlMs = o.ttlMs ?? 30_000;
    this.now = o.now ?? Date.now;
    this.refreshLocal();
  }

  /** The enricher (node.enrichers): fills both endpoints when they are local. */
  readonly enrich = (item: Item): void => {
    const proto = item.protocol.layer4;
    if (item.protocol.name === 'icmp') return;
    fill(item.src, this.lookup(proto, item.src.ip, +item.src.port, item.dst.ip, +item.dst.port));
    fill(item.dst, this.lookup(proto, item.dst.ip, +item.dst.port, item.src.ip, +item.src.port));
  };

  /** The process owning the local socket `ip:port` talking to `peerIp:peerPort`, or null. */
  lookup(proto: SocketProto, ip: string, port: number, peerIp: string, peerPort: number): ProcessRef | null {
    if (!this.local.has(ip) && !ip.startsWith('127.')) return null;
    const key = `${proto} ${ip} ${port} ${peerIp} ${peerPort}`;
    const t = this.now();
    const hit = this.cache.get(key);
    if (hit !== undefined && t < hit.until) return hit.ref;
    let ref = this.resolve(proto, ip, port, peerIp, peerPort);
    if (ref === null && t - this.lastScan >= this.minRescanMs) {
      this.rescan(t);
      ref = this.resolve(proto, ip, port, peerIp, peerPort);
    }
    if (this.cache.size >= MAX_CACHED) this.cache.clear();
    this.cache.set(key, { ref, until: ref !== null ? t + this.ttlMs : this.lastScan + this.minRescanMs });
    return ref;
  }

  private resolve(proto: SocketProto, ip: string, port: number, peerIp: string, peerPort: number): ProcessRef | null {
    const inode = this.conns.get(`${proto} ${ip} ${port} ${peerIp} ${peerPort}`);
    if (inode !== undefined) {
      const ref = this.owners.get(inode);
      if (ref !== undefined) return ref;
    }
    for (const s of this.listeners.get(`${proto} ${port}`) ?? []) {
      if (s.localIp === ip || s.localIp === '0.0.0.0' || s.localIp === '::') {
        const ref = this.owners.get(s.inode);
        if (ref !== undefined) return ref;
      }
    }
    return null;
  }

  private rescan(t: number): void {
    this.lastScan = t;
    this.rescans++;
    const conns = new Map<string, number>();
    const listeners = new Map<string, ProcSocket[]>();
    for (const s of readProcSockets(this.procRoot)) {
      if (s.inode === 0) continue;
      const bound = s.remotePort === 0 && (s.proto === 'udp' || s.state === TCP_LISTEN);
      if (bound) {
        const k = `${s.proto} ${s.localPort}`;
        const list = listeners.get(k);
        if (list) list.push(s);
        else listeners.set(k, [s]);
      } else {
        conns.set(`${s.proto} ${s.localIp} ${s.localPort} ${s.remoteIp} ${s.remotePort}`, s.inode);
      }
    }
    this.conns = conns;
    this.listeners = listeners;
    this.owners = scanSocketOwners(this.procRoot);
    this.refreshLocal();
  }

  private refreshLocal(): void {
    const local = new Set<string>(['::1']);
    for (const list of Object.values(networkInterfaces())) for (const a of list ?? []) local.add(a.address);
    this.local = local;
  }
}

function fill(ep: ItemEndpoint, ref: ProcessRef | null): void {
  if (ref === null) return;
  ep.processId = ref.pid;
  ep.processName = ref.name;
}
