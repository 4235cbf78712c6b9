/**
 * Raw UDP: the fallback dissector for UDP flows that no protocol dissector claims. Never
 * chosen by port or heuristic (`handoffOnly`); the registry's `fallback.udp` names it.
 * Items summarise each direction per report period (shape in raw-tcp-summary.ts, where
 * `chunks` counts datagrams); macro `udp`.
 */
import type { ProtocolInfo } from '../../item.ts';
import { defineDissector } from '../descriptor.ts';
import { RawSummaryParser } from './raw-tcp-summary.ts';

export const RAW_UDP_PROTOCOL: ProtocolInfo = Object.freeze({
  name: 'udp',
  version: '0',
  abbr: 'UDP',
  longName: 'User Datagram Protocol',
  macro: 'udp',
  backgroundColor: '#8a8f96',
  foregroundColor: '#ffffff',
  fontSize: 12,
  referenceLink: 'https://datatracker.ietf.org/doc/html/rfc768',
  ports: Object.freeze([]) as unknown as string[],
  layer4: 'udp',
  priority: 100,
});

export const rawUdp = defineDissector({
  id: 'udp',
  protocol: RAW_UDP_PROTOCOL,
  transport: 'udp',
  ports: [],
  pairing: 'none',
  handoffOnly: true,
  detect: () => 0,
  createParser: (ctx) => new RawSummaryParser(ctx, RAW_UDP_PROTOCOL),
});
