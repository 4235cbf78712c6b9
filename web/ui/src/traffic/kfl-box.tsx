/**
 * The KFL filter box: validated as you type (debounced `GET /api/kfl/validate`), the
 * offending range underlined in place with a caret, the server's message and code below.
 * Enter applies a valid query; Escape goes back to the applied one.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { ApiError, api } from '../api/client.ts';
import type { KflProblem } from '../api/types.ts';
import { KflHelp } from './kfl-help.tsx';

export type Validity = { state: 'ok' } | { state: 'checking' } | { state: 'bad'; problem: KflProblem } | { state: 'unknown'; message: string };

const DEBOUNCE_MS = 250;

export async function validateKfl(q: string, signal?: AbortSignal): Promise<Validity> {
  if (!q.trim()) return { state: 'ok' };
  try {
    await api.get('/api/kfl/validate', { q }, signal);
    return { state: 'ok' };
  } catch (e) {
    if (e instanceof ApiError && e.status === 400) return { state: 'bad', problem: e.body as unknown as KflProblem };
    if ((e as Error).name === 'AbortError') throw e;
    return { state: 'unknown', message: (e as Error).message };
  }
}

export interface KflBoxProps {
  /** The applied query. */
  value: string;
  onApply: (q: string) => void;
  placeholder?: string;
  id?: string;
}

export function KflBox({ value, onApply, placeholder, id = 'kfl' }: KflBoxProps) {
  const [text, setText] = useState(value);
  const [validity, setValidity] = useState<Validity>({ state: 'ok' });
  const [help, setHelp] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const overlay = useRef<HTMLDivElement>(null);

  useEffect(() => setText(value), [value]);

  useEffect(() => {
    const ctl = new AbortController();
    setValidity(text.trim() ? { state: 'checking' } : { state: 'ok' });
    const t = setTimeout(() => {
      validateKfl(text, ctl.signal).then(setValidity, () => undefined);
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(t);
      ctl.abort();
    };
  }, [text]);

  const syncScroll = () => {
    if (overlay.current && input.current) overlay.current.scrollLeft = input.current.scrollLeft;
  };

  const apply = async () => {
    const v = validity.state === 'checking' ? await validateKfl(text).catch(() => validity) : validity;
    setValidity(v);
    if (v.state === 'ok' || v.state === 'unknown') onApply(text.trim());
  };

  const problem = validity.state === 'bad' ? validity.problem : null;
  const offset = problem ? Math.max(0, Math.min(text.length, problem.offset ?? (problem.column ?? 1) - 1)) : 0;
  const length = problem ? Math.max(1, problem.length ?? 1) : 0;
  const dirty = text.trim() !== value;

  return (
    <div class="kfl">
      <div class={`kfl-field ${problem ? 'kfl-bad' : validity.state === 'ok' && text.trim() ? 'kfl-good' : ''}`}>
        <input
          ref={input}
          id={id}
          class="kfl-input mono"
          type="text"
          spellcheck={false}
          autocomplete="off"
          aria-label="KFL filter"
          aria-invalid={problem ? 'true' : 'false'}
          aria-describedby={problem ? `${id}-error` : undefined}
          placeholder={placeholder ?? 'KFL filter, e.g. http and response.status >= 500   (Enter to apply, / to focus)'}
          value={text}
          onInput={(e) => setText((e.currentTarget as HTMLInputElement).value.replace(/[\r\n]+/g, ' '))}
          onScroll={syncScroll}
          onKeyUp={syncScroll}
          onKeyDown={(e) => {
            if (e.key === 'Enter') {
              e.preventDefault();
              void apply();
            } else if (e.key === 'Escape') {
              setText(value);
              (e.currentTarget as HTMLInputElement).blur();
            }
          }}
        />
        {problem ? (
          <div ref={overlay} class="kfl-overlay mono" aria-hidden="true">
            <span class="kfl-ghost">{text.slice(0, offset)}</span>
            <span class="kfl-mark" data-testid="kfl-mark">
              {text.slice(offset, offset + length) || ' '}
            </span>
          </div>
        ) : null}
      </div>
      <span class="kfl-state" aria-live="polite">
        {validity.state === 'checking' ? '…' : problem ? '✕' : text.trim() ? '✓' : ''}
      </span>
      <button class="btn btn-primary" onClick={() => void apply()} disabled={!!problem} title="Apply the filter (Enter)">
        {dirty ? 'Apply' : 'Applied'}
      </button>
      <button class="btn" aria-expanded={help} onClick={() => setHelp(!help)} title="KFL reference">
        ?
      </button>
      {problem ? (
        <div id={`${id}-error`} class="kfl-error" role="alert" data-testid="kfl-error">
          <code>{problem.code}</code> <span>{problem.message}</span>
          {problem.snippet ? <pre class="kfl-snippet mono">{problem.snippet}</pre> : null}
        </div>
      ) : validity.state === 'unknown' ? (
        <div class="kfl-error kfl-warn">{validity.message}</div>
      ) : null}
      {help ? (
        <KflHelp
          onPick={(q) => {
            setText(q);
            setHelp(false);
            input.current?.focus();
          }}
          onClose={() => setHelp(false)}
        />
      ) : null}
    </div>
  );
}
