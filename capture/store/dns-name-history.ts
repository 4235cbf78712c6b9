/**
 * Name-resolution history for `pcap.nameResolutionHistory()` and recordings, in the shape
 * of SCRIPT-API.md §3:
 *
 *   { "<unix seconds>": { "<ip>" or "<ip:port>": { FullAddress, Namespace } } }
 *
 * — each key is the time a mapping was learned, holding the mappings learned then. The
 * Kubernetes identity provider supplies its own (NameHistory, `services.nameHistory`);
 * until one is installed this one learns from DNS answers seen in items: every A/AAAA
 * answer maps its address to the name the client asked for (the question, so a CNAME
 * chain maps to the name the application used). Cluster names `<svc>.<ns>.svc.<domain>`
 * give the namespace; other names have Namespace "". Only changes are recorded (an address
 * answered again with the same name adds nothing); at most `maxEntries` changes are kept,
 * oldest dropped first.
 */
import type { Item } from '../item.ts';

export interface ResolvedName {
  FullAddress: string;
  Namespace: string;
}

export type NameResolutionHistory = Record<string, Record<string, ResolvedName>>;

/** A source of name-resolution history (the Kubernetes identity tables, or DNS). */
export interface NameHistory {
  snapshot(): NameResolutionHistory;
}

interface Change {
  sec: number;
  address: string;
  name: ResolvedName;
}

const CLUSTER_NAME = /^[^.]+\.([^.]+)\.svc(\.|$)/;

export class DnsNameHistory implements NameHistory {
  private readonly current = new Map<string, string>();
  private readonly changes: Change[] = [];
  private head = 0;

  constructor(private readonly maxEntries = 10_000) {}

  /** Item subscriber: learns from DNS responses, ignores everything else. */
  readonly observe = (item: Item): void => {
    if (item.protocol.name !== 'dns') return;
    const answers = item.response?.answers;
    if (!Array.isArray(answers) || answers.length === 0) return;
    const question = item.request?.questions?.[0]?.name;
    for (const a of answers) {
      if (a === null || typeof a !== 'object' || (a.type !== 'A' && a.type !== 'AAAA') || typeof a.ip !== 'string' || a.ip === '') continue;
      const name = trimDot(typeof question === 'string' && question !== '' ? question : String(a.name ?? ''));
      if (name !== '') this.learn(a.ip, name, Math.floor(item.timestamp / 1000));
    }
  };

  /** Record that `address` is `name` as of `sec` (unix seconds). */
  learn(address: string, name: string, sec: number): void {
    if (this.current.get(address) === name) return;
    this.current.set(address, name);
    const ns = CLUSTER_NAME.exec(name);
    this.changes.push({ sec, address, name: { FullAddress: name, Namespace: ns ? ns[1] : '' } });
    if (this.changes.length - this.head > this.maxEntries) this.head++;
    if (this.head > 1024 && this.head * 2 > this.changes.length) {
      this.changes.splice(0, this.head);
      this.head = 0;
    }
  }

  snapshot(): NameResolutionHistory {
    const out: NameResolutionHistory = {};
    for (let i = this.head; i < this.changes.length; i++) {
      const c = this.changes[i];
      (out[String(c.sec)] ??= {})[c.address] = { ...c.name };
    }
    return out;
  }
}

function trimDot(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}
