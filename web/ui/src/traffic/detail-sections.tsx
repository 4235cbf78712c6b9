/**
 * Building blocks of the detail pane. Everything from the item is rendered as text nodes
 * (JSX children), never as markup: a body or header holding `<script>` shows those
 * characters and nothing runs.
 */
import type { ComponentChildren } from 'preact';
import { useState } from 'preact/hooks';
import { formatBytes } from '../common/format.ts';
import type { DecodedBody } from './body-decode.ts';
import type { NameValue } from './http-export.ts';

export function Section({ title, children, count }: { title: string; children: ComponentChildren; count?: number }) {
  const [open, setOpen] = useState(true);
  return (
    <section class="dsection">
      <button class="dsection-head" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span class="chev" aria-hidden="true">
          {open ? '▾' : '▸'}
        </span>
        {title}
        {count !== undefined ? <span class="count">{count}</span> : null}
      </button>
      {open ? <div class="dsection-body">{children}</div> : null}
    </section>
  );
}

export function KeyValues({ rows, testId }: { rows: NameValue[]; testId?: string }) {
  if (!rows.length) return <div class="muted small">none</div>;
  return (
    <table class="kv" data-testid={testId}>
      <tbody>
        {rows.map((r, i) => (
          <tr key={i}>
            <th class="mono">{r.name}</th>
            <td class="mono">{r.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** A body as JSON (formatted), text or hex dump, with its type and size. */
export function BodyView({ body, testId }: { body: DecodedBody; testId?: string }) {
  const [wrap, setWrap] = useState(true);
  if (body.kind === 'empty') return <div class="muted small">no body</div>;
  return (
    <div class="body-view">
      <div class="body-meta small muted">
        <span class="tag">{body.kind === 'binary' ? 'hex' : body.kind}</span>
        {body.mimeType ? <span class="mono">{body.mimeType}</span> : null}
        <span>{formatBytes(body.size)}</span>
        {body.truncated ? <span class="warn">shown in part</span> : null}
        <button class="link" onClick={() => setWrap(!wrap)}>
          {wrap ? 'no wrap' : 'wrap'}
        </button>
      </div>
      <pre class={`body mono${wrap && body.kind !== 'binary' ? ' wrap' : ''}`} data-testid={testId}>
        {body.display}
      </pre>
    </div>
  );
}

function scalarText(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'string') return v;
  return String(v);
}

/** Any JSON value as an expandable tree of text (for protocols without a dedicated view). */
export function FieldTree({ value, depth = 0 }: { value: unknown; depth?: number }) {
  if (value === null || typeof value !== 'object') return <span class={`mono v-${value === null ? 'null' : typeof value}`}>{scalarText(value)}</span>;
  const entries = Array.isArray(value) ? value.map((v, i) => [String(i), v] as const) : Object.entries(value as Record<string, unknown>);
  if (!entries.length) return <span class="mono muted">{Array.isArray(value) ? '[]' : '{}'}</span>;
  return (
    <ul class={`tree${depth ? '' : ' tree-root'}`}>
      {entries.map(([k, v]) => (
        <TreeEntry key={k} name={k} value={v} depth={depth} />
      ))}
    </ul>
  );
}

function TreeEntry({ name, value, depth }: { name: string; value: unknown; depth: number }) {
  const nested = value !== null && typeof value === 'object';
  const [open, setOpen] = useState(depth < 2);
  return (
    <li>
      {nested ? (
        <button class="tree-key mono" aria-expanded={open} onClick={() => setOpen(!open)}>
          {open ? '▾ ' : '▸ '}
          {name}
        </button>
      ) : (
        <span class="tree-key mono">{name}</span>
      )}
      {nested ? open ? <FieldTree value={value} depth={depth + 1} /> : <span class="muted small"> {Array.isArray(value) ? `[${value.length}]` : '{…}'}</span> : <> <FieldTree value={value} depth={depth + 1} /></>}
    </li>
  );
}
