/**
 * The item: one L7 exchange (request + response, or a single self-contained message),
 * exactly in the shape Kubeshark scripts expect (SCRIPT-API.md §4). Items are plain JSON:
 * they are serialised once and copied into script sandboxes, the hub and the UI.
 */
import type { FlowInfo } from './flow/flow.ts';

/** Protocol descriptor as shown on items (Kubeshark `api.Protocol`). */
export interface ProtocolInfo {
  name: string;
  version: string;
  abbr: string;
  longName: string;
  macro: string;
  backgroundColor: string;
  foregroundColor: string;
  fontSize: number;
  referenceLink: string;
  ports: string[];
  layer4: 'tcp' | 'udp';
  priority: number;
}

/** One side of the conversation. `port` is a string, as in Kubeshark. */
export interface ItemEndpoint {
  ip: string;
  port: string;
  /** Pod or service name, DNS name for external endpoints, "" if unknown. */
  name: string;
  namespace: string;
  pod: Record<string, unknown> | null;
  service: Record<string, unknown> | null;
  endpointSlice: Record<string, unknown> | null;
  processId?: number;
  processName?: string;
  resolutionMechanism?: string;
}

export interface ItemError {
  /** 'dissection' | 'connection' | 'timeout' | 'pair-not-found' */
  type: string;
  msg: string;
}

export interface Item {
  /** `<worker>/<stream>-<index>` */
  id: string;
  /** Index of this item within its stream (0-based). */
  index: number;
  stream: string;
  worker: string;
  node: { ip: string; name: string };
  protocol: ProtocolInfo;
  tls: boolean;
  src: ItemEndpoint;
  dst: ItemEndpoint;
  /** Request time (or first message time), epoch ms (integer). */
  timestamp: number;
  /** RFC3339 with ms, UTC. */
  startTime: string;
  request: Record<string, any> | null;
  response: Record<string, any> | null;
  requestSize: number;
  responseSize: number;
  /** Response time − request time, ms (integer); 0 when one side is missing. */
  elapsedTime: number;
  passed: boolean;
  failed: boolean;
  error: ItemError | null;
  /** Legacy: dst namespace, else src namespace. */
  namespace: string;
}

/** A request or response message as produced by a dissector, before pairing. */
export interface Message {
  /** Which half of an exchange this is. */
  kind: 'request' | 'response';
  /** Pairing key (DNS id, Kafka correlation id, HTTP/2 stream id); undefined = FIFO order. */
  key?: string | number;
  /** Time of the message's first byte, epoch ms. */
  tsMs: number;
  /** Bytes on the wire (headers + body as transmitted). */
  size: number;
  /** The `request` or `response` object of the item. */
  fields: Record<string, any>;
  /** Protocol descriptor override (e.g. HTTP/1.0, gRPC, GraphQL detected from content). */
  protocol?: ProtocolInfo;
  /** A problem with this message (e.g. truncated body). */
  error?: ItemError;
}

/** Where items are produced: identity of this worker/node. */
export interface ItemOrigin {
  worker: string;
  nodeName: string;
  nodeIp: string;
}

export function emptyEndpoint(ip: string, port: number): ItemEndpoint {
  return { ip, port: String(port), name: '', namespace: '', pod: null, service: null, endpointSlice: null };
}

/** Years 0000–9999: `toISOString` prints them as `YYYY-MM-DDTHH:MM:SS.mmmZ`. */
const ISO_MAX_MS = 253402300800000;
const MS_SUFFIX: string[] = [];
for (let i = 0; i < 1000; i++) MS_SUFFIX.push('.' + String(i).padStart(3, '0') + 'Z');
/** `YYYY-MM-DDTHH:MM:SS` of the second last formatted (items come in time order). */
let isoSecond = NaN;
let isoPrefix = '';

/** `new Date(ms).toISOString()`, formatting the date part once per second for integer `ms`. */
export function isoTime(ms: number): string {
  if (ms >= 0 && ms < ISO_MAX_MS && Math.floor(ms) === ms) {
    const sec = Math.floor(ms / 1000);
    if (sec !== isoSecond) {
      isoPrefix = new Date(sec * 1000).toISOString().slice(0, 19);
      isoSecond = sec;
    }
    return isoPrefix + MS_SUFFIX[ms - sec * 1000];
  }
  return new Date(ms).toISOString();
}

/**
 * Build an item from a paired (or unpaired) exchange on a flow. `index` is the item's
 * position within its stream. The request side decides the timestamp when present.
 */
export function buildItem(
  origin: ItemOrigin,
  flow: FlowInfo,
  index: number,
  protocol: ProtocolInfo,
  req: Message | null,
  res: Message | null,
  error: ItemError | null = null,
): Item {
  const first = req ?? res;
  const ts = first ? Math.floor(first.tsMs) : Math.floor(flow.firstSeenMs);
  const elapsed = req && res ? Math.max(0, Math.round(res.tsMs - req.tsMs)) : 0;
  const stream = flow.streamName;
  return {
    id: `${origin.worker}/${stream}-${index}`,
    index,
    stream,
    worker: origin.worker,
    node: { ip: origin.nodeIp, name: origin.nodeName },
    protocol,
    tls: false,
    src: emptyEndpoint(flow.client.ip, flow.client.port),
    dst: emptyEndpoint(flow.server.ip, flow.server.port),
    timestamp: ts,
    startTime: isoTime(ts),
    request: req ? req.fields : null,
    response: res ? res.fields : null,
    requestSize: req ? req.size : 0,
    responseSize: res ? res.size : 0,
    elapsedTime: elapsed,
    passed: false,
    failed: false,
    error: error ?? req?.error ?? res?.error ?? null,
    namespace: '',
  };
}
