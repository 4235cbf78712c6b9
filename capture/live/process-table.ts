/**
 * Which process holds which socket: a scan of /proc/<pid>/fd/* for `socket:[inode]` links,
 * with the process name from /proc/<pid>/comm. Processes that vanish or deny access during
 * the scan are skipped. A socket shared by several processes (a forked server's listening
 * socket) is attributed to the lowest PID, the parent.
 *
 * The scan reads every fd link of every process, so callers run it only on a cache miss
 * and rate-limit it (process-identity.ts).
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

export interface ProcessRef {
  pid: number;
  name: string;
}

/** socket inode → owning process. */
export function scanSocketOwners(procRoot = '/proc'): Map<number, ProcessRef> {
  const owners = new Map<number, ProcessRef>();
  let pids: number[];
  try {
    pids = readdirSync(procRoot)
      .filter((d) => /^\d+$/.test(d))
      .map(Number)
      .sort((a, b) => a - b);
  } catch {
    return owners;
  }
  for (const pid of pids) {
    let fds: string[];
    try {
      fds = readdirSync(`${procRoot}/${pid}/fd`);
    } catch {
      continue;
    }
    let ref: ProcessRef | undefined;
    for (const fd of fds) {
      let link: string;
      try {
        link = readlinkSync(`${procRoot}/${pid}/fd/${fd}`);
      } catch {
        continue;
      }
      if (!link.startsWith('socket:[')) continue;
      const inode = Number(link.slice(8, -1));
      if (owners.has(inode)) continue;
      ref ??= { pid, name: processName(pid, procRoot) };
      owners.set(inode, ref);
    }
  }
  return owners;
}

/** /proc/<pid>/comm (the executable's name, at most 15 characters), or "". */
export function processName(pid: number, procRoot = '/proc'): string {
  try {
    return readFileSync(`${procRoot}/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}
