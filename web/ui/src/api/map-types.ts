/** The service maps of the dashboard API (`/api/maps/l4`, `/api/maps/l7`). Types only. */

export type MapGrouping = 'namespace' | 'node' | 'pod' | 'service';

export interface MapNode {
  id: string;
  label: string;
  kind: 'namespace' | 'node' | 'pod' | 'service' | 'external';
  namespace?: string;
  node?: string;
  external: boolean;
}

export interface L4Edge {
  id: string;
  source: string;
  target: string;
  /** [source → target, target → source]. */
  bytes: [number, number];
  packets: [number, number];
  flows: number;
  transport: 'tcp' | 'udp' | 'icmp';
}

export interface L7Edge {
  id: string;
  source: string;
  target: string;
  protocol: { abbr: string; macro: string; backgroundColor: string };
  requests: number;
  errors: number;
  requestBytes: number;
  responseBytes: number;
  latencyMsAvg: number;
}

export interface L4Map {
  nodes: MapNode[];
  edges: L4Edge[];
}

export interface L7Map {
  nodes: MapNode[];
  edges: L7Edge[];
  protocols: { abbr: string; backgroundColor: string }[];
}
