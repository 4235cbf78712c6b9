/**
 * HTTP/1.x protocol descriptors as shown on items (Kubeshark values). Messages of an
 * HTTP/1.0 exchange carry the 1.0 override.
 */
import type { ProtocolInfo } from '../../item.ts';

export const HTTP11_PROTOCOL: ProtocolInfo = Object.freeze({
  name: 'http',
  version: '1.1',
  abbr: 'HTTP',
  longName: 'Hypertext Transfer Protocol -- HTTP/1.1',
  macro: 'http',
  backgroundColor: '#205cf5',
  foregroundColor: '#ffffff',
  fontSize: 12,
  referenceLink: 'https://datatracker.ietf.org/doc/html/rfc2616',
  ports: Object.freeze(['80', '443', '8080']) as string[],
  layer4: 'tcp',
  priority: 0,
});

export const HTTP10_PROTOCOL: ProtocolInfo = Object.freeze({
  ...HTTP11_PROTOCOL,
  version: '1.0',
  longName: 'Hypertext Transfer Protocol -- HTTP/1.0',
  referenceLink: 'https://datatracker.ietf.org/doc/html/rfc1945',
});

/** Server ports in the port table (443 is TLS: not listed). */
export const HTTP_PORTS = [80, 8080, 8000, 3000, 5000, 8888];
