/**
 * `pcap.nameResolutionHistory()` data (SCRIPT-API.md §3): when which address got which
 * name, so a saved pcap can be resolved later as it was at capture time.
 *
 *   { "<unix seconds>": { "<ip>" | "<ip>:<port>": { FullAddress, Namespace } } }
 *
 * Each timestamp holds the changes that took effect in that second (decided): an address
 * starting to belong to a pod / node / DNS name (`<ip>`) or a service (`<ip>` and one
 * `<ip>:<port>` per service port), and, when it stopped belonging to anything, the address
 * with `FullAddress: ""`. FullAddress is `name.namespace` (just `name` without a
 * namespace). Identities known "since always" (static files) are listed under "0".
 * Bounded by the identity history kept (kubernetes.historyMinutes).
 */
import type { NameHistory, NameResolutionHistory, ResolvedName } from '../store/dns-name-history.ts';
import type { ClusterState } from './cluster-state.ts';
import type { DnsNames } from './dns-names.ts';
import type { EndpointIdentity } from './identity.ts';
import type { Span } from './ip-history.ts';

const secondOf = (ms: number): string => (ms === -Infinity ? '0' : String(Math.floor(ms / 1000)));

/** The history service (`services.nameHistory`, declared by helpers/pcap.ts) over the identity tables. */
export function nameHistoryOf(cluster: ClusterState, dns: DnsNames): NameHistory {
  return {
    snapshot() {
      const out: NameResolutionHistory = {};
      const put = (ms: number, key: string, v: ResolvedName): void => {
        const sec = secondOf(ms);
        (out[sec] ??= {})[key] = v;
      };
      const add = (ip: string, s: Span<unknown>, id: EndpointIdentity, ports: number[]): void => {
        const v = { FullAddress: id.namespace ? `${id.name}.${id.namespace}` : id.name, Namespace: id.namespace };
        put(s.from, ip, v);
        for (const p of ports) put(s.from, `${ip}:${p}`, v);
        if (s.to !== Infinity) {
          const gone = { FullAddress: '', Namespace: '' };
          const endSec = secondOf(s.to);
          if (out[endSec]?.[ip] === undefined) put(s.to, ip, gone);
          for (const p of ports) if (out[endSec]?.[`${ip}:${p}`] === undefined) put(s.to, `${ip}:${p}`, gone);
        }
      };
      const spans: [string, Span<unknown>, EndpointIdentity, number[]][] = [];
      for (const [ip, s] of cluster.spans()) {
        const id = cluster.identityOf(s.value);
        const ports = s.value.kind === 'Service' ? servicePorts(s.value.obj) : [];
        spans.push([ip, s, id, ports]);
      }
      for (const [ip, s] of dns.spans()) spans.push([ip, s, s.value, []]);
      // Starts win over ends in the same second: add in time order, ends skip taken keys.
      spans.sort((a, b) => a[1].from - b[1].from);
      for (const [ip, s, id, ports] of spans) add(ip, s, id, ports);
      return out;
    },
  };
}

function servicePorts(svc: Record<string, any>): number[] {
  const ports: unknown = svc.spec?.ports;
  return Array.isArray(ports) ? ports.map((p) => Number(p?.port)).filter((p) => Number.isInteger(p) && p > 0) : [];
}
