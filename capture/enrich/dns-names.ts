/**
 * Names learned from DNS answers seen in the traffic: an A/AAAA answer maps its address to
 * the name the client asked for (the question, so a CNAME chain `api.partner.example.com →
 * edge.cdn.example.net → 203.0.113.7` names the address after what the client wanted),
 * from the answer's packet time on. A later answer giving the same address another name
 * takes over from its own time: lookups are time-aware, like Kubernetes identities.
 *
 * Fed by an item-bus subscriber (`learn`), read by the identity enricher for endpoints
 * Kubernetes does not know (external services).
 */
import { IpHistory, type Span } from './ip-history.ts';
import type { EndpointIdentity } from './identity.ts';
import type { Item } from '../item.ts';

export class DnsNames {
  /** Addresses learned (answers recorded). */
  learned = 0;
  private readonly history = new IpHistory<EndpointIdentity>();
  private readonly byName = new Map<string, EndpointIdentity>();

  /** Learn from a DNS item (anything else is ignored). */
  learn(item: Item): void {
    if (item.protocol.name !== 'dns') return;
    const answers: unknown = item.response?.answers;
    if (!Array.isArray(answers) || answers.length === 0) return;
    const q = item.request?.questions?.[0]?.name;
    const t = item.timestamp + item.elapsedTime;
    for (const a of answers as Record<string, unknown>[]) {
      if ((a.type !== 'A' && a.type !== 'AAAA') || typeof a.ip !== 'string' || a.ip === '') continue;
      const name = trimDot(typeof q === 'string' && q ? q : String(a.name ?? ''));
      if (name) this.record(a.ip, name, t);
    }
  }

  /** `ip` is called `name` from `t` on. */
  record(ip: string, name: string, t: number): void {
    const cur = this.history.current(ip);
    if (cur !== undefined && cur.name === name) return;
    let id = this.byName.get(name);
    if (id === undefined) {
      id = { name, namespace: '', pod: null, service: null, endpointSlice: null, node: '', labels: undefined, mechanism: 'dns' };
      this.byName.set(name, id);
    }
    this.history.open(ip, t, id);
    this.learned++;
  }

  /** The DNS name of `ip` at time `t`, or null. */
  resolve(ip: string, t: number): EndpointIdentity | null {
    return this.history.at(ip, t) ?? null;
  }

  *spans(): IterableIterator<[string, Span<EndpointIdentity>]> {
    yield* this.history.entries();
  }

  prune(before: number): void {
    this.history.prune(before);
  }
}

function trimDot(name: string): string {
  return name.endsWith('.') ? name.slice(0, -1) : name;
}
