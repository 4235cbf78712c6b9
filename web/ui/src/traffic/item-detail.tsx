/**
 * The detail pane of one item (`GET /api/items/:id`, which also fires `onItemQueried` in
 * the scripts): overview, the scripts' passed/failed verdicts, then per protocol — HTTP
 * gets request/response lines, headers, query, cookies and bodies (JSON formatted, text,
 * or hex); any other protocol gets its fields as a tree — and the raw JSON.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, errorText } from '../api/client.ts';
import type { ItemDetail as Detail, ItemFull, ScriptVerdict } from '../api/types.ts';
import { endpointLabel, formatBytes, formatDateTime, formatDuration } from '../common/format.ts';
import { ProtocolBadge } from '../common/protocol-badge.tsx';
import { ErrorNote, Loading } from '../common/states.tsx';
import { copyText, toast } from '../common/toast.tsx';
import { requestBody, responseBody } from './body-decode.ts';
import { BodyView, FieldTree, KeyValues, Section } from './detail-sections.tsx';
import { headerList, isHttpItem, toCurl, toHar } from './http-export.ts';

type Tab = 'request' | 'response' | 'json';

export interface ItemDetailProps {
  id: string;
  onClose: () => void;
  /** The detail carries fresh passed/failed marks (scripts ran onItemQueried). */
  onVerdict: (id: string, passed: boolean, failed: boolean) => void;
}

/** `name.namespace (ip:port)` when the endpoint is known by name, else `ip:port`. */
function identity(e: ItemFull['src']): string {
  const addr = `${e.ip.includes(':') ? `[${e.ip}]` : e.ip}:${e.port}`;
  return e.name ? `${endpointLabel(e, false)} (${addr})` : addr;
}

function Overview({ item }: { item: ItemFull }) {
  const rows: [string, string][] = [
    ['Time', `${formatDateTime(item.timestamp)} (${item.startTime ?? ''})`],
    ['Source', identity(item.src)],
    ['Destination', identity(item.dst)],
    ['Latency', item.elapsedTime > 0 ? formatDuration(item.elapsedTime) : '–'],
    ['Sizes', `request ${formatBytes(item.requestSize)}, response ${formatBytes(item.responseSize)}`],
  ];
  if (item.node?.name) rows.push(['Node', `${item.node.name} ${item.node.ip}`]);
  if (item.stream) rows.push(['Stream', item.stream]);
  if (item.tls) rows.push(['TLS', 'yes']);
  if (item.error) rows.push(['Error', `${item.error.type}: ${item.error.msg}`]);
  return <KeyValues rows={rows.map(([name, value]) => ({ name, value }))} testId="detail-overview" />;
}

function Verdicts({ scripts }: { scripts: ScriptVerdict[] }) {
  if (!scripts.length) return null;
  return (
    <Section title="Scripts (onItemQueried)" count={scripts.length}>
      <ul class="verdicts" data-testid="detail-verdicts">
        {scripts.map((s) => (
          <li key={s.script}>
            {s.failed ? <span class="mark-failed">✕ failed</span> : s.passed ? <span class="mark-passed">✓ passed</span> : <span class="muted">–</span>}{' '}
            <span>{s.title || s.script}</span>
            {s.replaced ? <span class="tag">replaced the item</span> : null}
          </li>
        ))}
      </ul>
    </Section>
  );
}

function HttpSide({ item, side }: { item: ItemFull; side: 'request' | 'response' }) {
  const m = (side === 'request' ? item.request : item.response) as Record<string, any> | null;
  if (!m) return <div class="muted">no {side}</div>;
  const line =
    side === 'request' ? `${m.method ?? ''} ${m.url ?? m.path ?? ''} ${m.httpVersion ?? ''}` : `${m.httpVersion ?? ''} ${m.status ?? ''} ${m.statusText ?? ''}`;
  const headers = headerList(m.headers);
  return (
    <div>
      <div class="start-line mono" data-testid={`detail-${side}-line`}>
        {line}
      </div>
      <Section title="Headers" count={headers.length}>
        <KeyValues rows={headers} testId={`detail-${side}-headers`} />
      </Section>
      {side === 'request' && m.queryString && Object.keys(m.queryString).length ? (
        <Section title="Query">
          <KeyValues rows={headerList(m.queryString)} />
        </Section>
      ) : null}
      {m.cookies && Object.keys(m.cookies).length ? (
        <Section title="Cookies">
          <KeyValues rows={headerList(m.cookies)} />
        </Section>
      ) : null}
      <Section title="Body">
        <BodyView body={side === 'request' ? requestBody(m) : responseBody(m)} testId={`detail-${side}-body`} />
      </Section>
    </div>
  );
}

export function ItemDetail({ id, onClose, onVerdict }: ItemDetailProps) {
  const [detail, setDetail] = useState<Detail | null>(null);
  const [error, setError] = useState('');
  const [tab, setTab] = useState<Tab>('request');
  const load = () => {
    setError('');
    api.get<Detail>(`/api/items/${encodeURIComponent(id)}`).then(
      (d) => {
        setDetail(d);
        onVerdict(id, !!d.item.passed, !!d.item.failed);
      },
      (e) => setError(errorText(e)),
    );
  };
  useEffect(() => {
    setDetail(null);
    load();
  }, [id]);

  const item = detail?.item;
  const http = item ? isHttpItem(item) : false;
  const copy = async (what: 'curl' | 'har') => {
    if (!item) return;
    try {
      await copyText(what === 'curl' ? toCurl(item) : JSON.stringify(toHar(item), null, 2));
      toast(what === 'curl' ? 'Copied as curl' : 'Copied as HAR');
    } catch (e) {
      toast(errorText(e), 'error');
    }
  };

  return (
    <aside class="detail" aria-label="Item detail" data-testid="item-detail" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <header class="detail-head">
        {item ? <ProtocolBadge protocol={item.protocol} /> : null}
        <span class="detail-title mono">{item ? `${endpointLabel(item.src, false)} → ${endpointLabel(item.dst)}` : id}</span>
        {item?.failed ? <span class="mark-failed">✕ failed</span> : item?.passed ? <span class="mark-passed">✓ passed</span> : null}
        <span class="spacer" />
        {http ? (
          <>
            <button class="btn btn-small" onClick={() => void copy('curl')} data-testid="copy-curl">
              Copy as curl
            </button>
            <button class="btn btn-small" onClick={() => void copy('har')} data-testid="copy-har">
              Copy as HAR
            </button>
          </>
        ) : null}
        <button class="btn btn-small" onClick={onClose} aria-label="Close the detail (Esc)">
          ✕
        </button>
      </header>
      {error ? <ErrorNote error={error} onRetry={load} /> : null}
      {!item && !error ? <Loading what="the item" /> : null}
      {item ? (
        <div class="detail-body">
          <Overview item={item} />
          <Verdicts scripts={detail!.scripts ?? []} />
          <div class="tabs" role="tablist">
            {(['request', 'response', 'json'] as Tab[]).map((t) => (
              <button key={t} role="tab" aria-selected={tab === t} class={tab === t ? 'tab on' : 'tab'} onClick={() => setTab(t)}>
                {t === 'json' ? 'JSON' : t[0].toUpperCase() + t.slice(1)}
              </button>
            ))}
          </div>
          <div role="tabpanel" class="tabpanel">
            {tab === 'json' ? (
              <pre class="body mono" data-testid="detail-json">
                {JSON.stringify(item, null, 2)}
              </pre>
            ) : http ? (
              <HttpSide item={item} side={tab} />
            ) : (
              <div data-testid={`detail-${tab}-fields`}>
                <FieldTree value={tab === 'request' ? item.request : item.response} />
              </div>
            )}
          </div>
        </div>
      ) : null}
    </aside>
  );
}
