/** HTTP/2 protocol descriptor as shown on items (Kubeshark values). */
import type { ProtocolInfo } from '../../item.ts';

export const HTTP2_PROTOCOL: ProtocolInfo = Object.freeze({
  name: 'http',
  version: '2.0',
  abbr: 'HTTP/2',
  longName: 'Hypertext Transfer Protocol Version 2 (HTTP/2)',
  macro: 'http2',
  backgroundColor: '#244c5a',
  foregroundColor: '#ffffff',
  fontSize: 11,
  referenceLink: 'https://datatracker.ietf.org/doc/html/rfc7540',
  ports: Object.freeze(['80', '443', '8080']) as string[],
  layer4: 'tcp',
  priority: 0,
});

/**
 * Server ports in the port table: gRPC's customary 50051. h2c on the HTTP ports (80, 8080 …)
 * needs no entry: the connection preface (or the server's SETTINGS) is detected on any port,
 * and HTTP/1 keeps those ports for the Upgrade path.
 */
export const HTTP2_PORTS = [50051];
