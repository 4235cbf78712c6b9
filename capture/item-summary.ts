/**
 * One-line view of an item for tables (the `wirehook dissect` listing, the dashboard's
 * traffic table): what was asked, what came back. Pure; works on any item shape and never
 * throws on missing fields.
 */
import type { Item } from './item.ts';

export interface ItemSummary {
  /** e.g. "GET /api/users?page=2", "A example.com", "SET user:1". */
  summary: string;
  /** e.g. "200", "No Error", "OK"; "" when there is no response. */
  status: string;
  /** True for failures worth highlighting (5xx/4xx, DNS errors, item errors). */
  isError: boolean;
}

type Rec = Record<string, any>;

function str(v: unknown): string {
  return v === undefined || v === null ? '' : String(v);
}

export function summarizeItem(item: Item): ItemSummary {
  const req: Rec = item.request ?? {};
  const res: Rec = item.response ?? {};
  let summary = '';
  let status = '';
  let isError = item.error !== null && item.error !== undefined;
  switch (item.protocol?.macro) {
    case 'dns': {
      const q: Rec | undefined = Array.isArray(req.questions) ? req.questions[0] : undefined;
      summary = q ? `${str(q.type)} ${str(q.name)}` : '';
      status = str(res.code);
      if (status && status !== 'No Error') isError = true;
      break;
    }
    case 'redis':
      summary = [req.command, req.key].filter((x) => x !== undefined && x !== '').join(' ');
      status = str(res.keyword ?? res.type);
      break;
    case 'kafka':
      summary = str(req.apiKeyName);
      break;
    case 'amqp':
      summary = str(req.method);
      break;
    case 'tls':
      summary = [req.serverName ? `SNI ${str(req.serverName)}` : '', Array.isArray(req.alpn) && req.alpn.length ? `ALPN ${req.alpn.join(',')}` : '']
        .filter(Boolean)
        .join(' ');
      status = str(res.version);
      if (Array.isArray(res.alerts) && res.alerts.length) isError = true;
      break;
    case 'icmp':
      summary = [str(req.typeName), str(req.codeName)].filter(Boolean).join(': ');
      if (req.original?.dst) summary += ` (${str(req.original.protocol)} → ${str(req.original.dst.ip)}:${str(req.original.dst.port)})`;
      status = res.typeName !== undefined ? str(res.typeName) : '';
      break;
    case 'tcp':
    case 'udp':
      summary = `${item.protocol.abbr} ${formatBytes(item.requestSize)} → ${formatBytes(item.responseSize)}`;
      break;
    default: {
      if (req.method !== undefined) summary = `${str(req.method)} ${str(req.targetUri ?? req.path ?? req.url)}`;
      else summary = str(req.summary ?? req.method ?? '');
      const st = res.status;
      if (st !== undefined && st !== null) {
        status = str(st);
        if (typeof st === 'number' && st >= 400) isError = true;
      }
    }
  }
  if (!summary && item.error) summary = item.error.msg;
  return { summary, status, isError };
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n}B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)}kB`;
  return `${(n / 1024 / 1024).toFixed(1)}MB`;
}
