/**
 * Raw TCP: the fallback dissector for TCP flows that no protocol dissector claims (or whose
 * dissector violated). It is never chosen by port or heuristic (`handoffOnly`); the
 * registry's `fallback.tcp` names it. Items summarise each direction (shape documented in
 * raw-tcp-summary.ts); macro `tcp`, as the KFL macros expect.
 */
import type { ProtocolInfo } from '../../item.ts';
import { defineDissector } from '../descriptor.ts';
import { RawSummaryParser } from './raw-tcp-summary.ts';

export const RAW_TCP_PROTOCOL: ProtocolInfo = Object.freeze({
  name: 'tcp',
  version: '0',
  abbr: 'TCP',
  longName: 'Transmission Control Protocol',
  macro: 'tcp',
  backgroundColor: '#6f7782',
  foregroundColor: '#ffffff',
  fontSize: 12,
  referenceLink: 'https://datatracker.ietf.org/doc/html/rfc9293',
  ports: Object.freeze([]) as unknown as string[],
  layer4: 'tcp',
  priority: 100,
});

export const rawTcp = defineDissector({
  id: 'tcp',
  protocol: RAW_TCP_PROTOCOL,
  transport: 'tcp',
  ports: [],
  pairing: 'none',
  handoffOnly: true,
  detect: () => 0,
  createParser: (ctx) => new RawSummaryParser(ctx, RAW_TCP_PROTOCOL),
});
