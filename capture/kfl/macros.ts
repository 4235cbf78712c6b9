/**
 * Protocol macros (flags): bare names that are conditions on the item's protocol. Each is
 * usable alone (`dns`), negated (`!dns`, `not dns`) or compared to a boolean
 * (`dns == false`). They read `protocol.macro` as the dissectors set it (SCRIPT-API.md §4),
 * so a new dissector needs no change here unless it wants a new flag.
 *
 * A macro takes precedence over an item field of the same name: bare `tls` is the macro,
 * which covers the item's `tls` flag as well as TLS items; `protocol.macro == "tls"` is the
 * narrower spelling.
 */
import type { MacroDef } from './context.ts';

/** `item.protocol.<key>` as a string, or '' (never throws on odd items). */
function proto(item: any, key: 'macro' | 'name' | 'layer4'): string {
  const p = item.protocol;
  if (p === null || typeof p !== 'object') return '';
  const v = p[key];
  return typeof v === 'string' ? v : '';
}

const byMacro = (name: string, what: string, example: string): MacroDef => ({
  name,
  syntax: name,
  description: `${what} items (\`protocol.macro == "${name}"\`).`,
  example,
  test: (item) => proto(item, 'macro') === name,
});

/** True for items carried over transport `l4` (and raw items of that transport), never ICMP. */
function transport(item: any, l4: 'tcp' | 'udp'): boolean {
  const macro = proto(item, 'macro');
  if (macro === 'icmp') return false;
  return macro === l4 || proto(item, 'layer4') === l4;
}

export const MACROS: readonly MacroDef[] = [
  byMacro('http', 'HTTP/1.x', 'http and response.status == 500'),
  byMacro('http2', 'HTTP/2 (not gRPC)', 'http2 and request.headers[":authority"] == "api.shop.svc"'),
  byMacro('grpc', 'gRPC (over HTTP/2)', 'grpc and response.headers["grpc-status"] != "0"'),
  {
    name: 'gql',
    syntax: 'gql',
    description: 'GraphQL items, any version (`protocol.macro` starting with `gql`).',
    example: 'gql and request.postData.text.contains("query")',
    test: (item) => proto(item, 'macro').startsWith('gql'),
  },
  byMacro('dns', 'DNS', 'dns and request.questions[0].name == "www.example.com"'),
  byMacro('redis', 'Redis', 'redis and request.command == "GET"'),
  byMacro('kafka', 'Kafka', 'kafka and request.apiKeyName == "Produce"'),
  byMacro('amqp', 'AMQP 0-9-1', 'amqp and request.method == "basic publish"'),
  {
    name: 'tls',
    syntax: 'tls',
    description: 'Items whose traffic was TLS: the item flag `tls` is true, or the item is a TLS handshake/record item (`protocol.macro == "tls"`).',
    example: 'tls and dst.port == 443',
    test: (item) => item.tls === true || proto(item, 'macro') === 'tls',
  },
  {
    name: 'tcp',
    syntax: 'tcp',
    description: 'Items carried over TCP (`protocol.layer4 == "tcp"`), including raw TCP items (`protocol.macro == "tcp"`).',
    example: 'tcp and !http',
    test: (item) => transport(item, 'tcp'),
  },
  {
    name: 'udp',
    syntax: 'udp',
    description: 'Items carried over UDP (`protocol.layer4 == "udp"`: DNS, raw UDP items …).',
    example: 'udp and !dns',
    test: (item) => transport(item, 'udp'),
  },
  {
    name: 'icmp',
    syntax: 'icmp',
    description: 'ICMP/ICMPv6 message items (`protocol.macro == "icmp"`).',
    example: 'icmp and dst.ip == "10.0.0.99"',
    test: (item) => proto(item, 'macro') === 'icmp' || proto(item, 'name') === 'icmp',
  },
  byMacro('ws', 'WebSocket', 'ws and dst.name == "chat"'),
];

export const MACRO_BY_NAME: ReadonlyMap<string, MacroDef> = new Map(MACROS.map((m) => [m.name, m]));
