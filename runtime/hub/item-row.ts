/**
 * The traffic-table view of an item (docs/api.md `ItemRow`): identity, protocol badge,
 * one-line summary and status, sizes and timing — no bodies. Built once per item and
 * shared by every REST page and WebSocket client that shows it. Pure; never throws on a
 * partial item (remote workers' items are data, not trusted shapes).
 */
import type { Item } from '../../capture/item.ts';
import { summarizeItem } from '../../capture/item-summary.ts';

export interface RowEndpoint {
  ip: string;
  port: string;
  name: string;
  namespace: string;
}

export interface RowProtocol {
  name: string;
  abbr: string;
  macro: string;
  version: string;
  backgroundColor: string;
  foregroundColor: string;
}

export interface ItemRow {
  id: string;
  timestamp: number;
  protocol: RowProtocol;
  src: RowEndpoint;
  dst: RowEndpoint;
  summary: string;
  status: string;
  isError: boolean;
  elapsedTime: number;
  requestSize: number;
  responseSize: number;
  /** Name of the node that captured the item. */
  node: string;
  passed: boolean;
  failed: boolean;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : v === undefined || v === null ? '' : String(v));
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function endpoint(e: Partial<RowEndpoint> | null | undefined): RowEndpoint {
  return { ip: text(e?.ip), port: text(e?.port), name: text(e?.name), namespace: text(e?.namespace) };
}

export function toItemRow(item: Item): ItemRow {
  const p = item.protocol ?? ({} as Partial<RowProtocol>);
  let s: { summary: string; status: string; isError: boolean };
  try {
    s = summarizeItem(item);
  } catch {
    s = { summary: '', status: '', isError: false };
  }
  return {
    id: text(item.id),
    timestamp: num(item.timestamp),
    protocol: {
      name: text(p.name),
      abbr: text(p.abbr),
      macro: text(p.macro),
      version: text(p.version),
      backgroundColor: text(p.backgroundColor),
      foregroundColor: text(p.foregroundColor),
    },
    src: endpoint(item.src),
    dst: endpoint(item.dst),
    summary: s.summary,
    status: s.status,
    isError: s.isError,
    elapsedTime: num(item.elapsedTime),
    requestSize: num(item.requestSize),
    responseSize: num(item.responseSize),
    node: text(item.node?.name),
    passed: item.passed === true,
    failed: item.failed === true,
  };
}
