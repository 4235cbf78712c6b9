/**
 * DNS dissectors: `dns` (UDP) and `dnsTcp` (the same protocol over TCP, id 'dns-tcp',
 * layer4 'tcp'). Queries and responses pair by message id ('key' pairing within the
 * flow). Ports 53 (DNS), 5353 (mDNS) and 5355 (LLMNR) share the wire format.
 */
import type { ProtocolInfo } from '../../item.ts';
import { defineDissector } from '../descriptor.ts';
import { detectDnsTcp, detectDnsUdp } from './dns-detect.ts';
import { DnsParser } from './dns-parser.ts';

export const DNS_PROTOCOL: ProtocolInfo = Object.freeze({
  name: 'dns',
  version: '0',
  abbr: 'DNS',
  longName: 'Domain Name System',
  macro: 'dns',
  backgroundColor: '#606060',
  foregroundColor: '#ffffff',
  fontSize: 12,
  referenceLink: 'https://datatracker.ietf.org/doc/html/rfc1035',
  ports: Object.freeze(['53', '5353']) as string[],
  layer4: 'udp',
  priority: 4,
});

export const DNS_TCP_PROTOCOL: ProtocolInfo = Object.freeze({ ...DNS_PROTOCOL, layer4: 'tcp' });

const DNS_PORTS = [53, 5353, 5355];

export const dns = defineDissector({
  id: 'dns',
  protocol: DNS_PROTOCOL,
  transport: 'udp',
  ports: DNS_PORTS,
  pairing: 'key',
  detect: (bytes, dir) => detectDnsUdp(bytes, dir),
  createParser: (ctx) => new DnsParser(ctx, false),
});

export const dnsTcp = defineDissector({
  id: 'dns-tcp',
  protocol: DNS_TCP_PROTOCOL,
  transport: 'tcp',
  ports: DNS_PORTS,
  pairing: 'key',
  detect: (bytes, dir) => detectDnsTcp(bytes, dir),
  createParser: (ctx) => new DnsParser(ctx, true),
});
