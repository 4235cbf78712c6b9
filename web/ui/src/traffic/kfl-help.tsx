/** KFL quick reference under the filter box (`GET /api/kfl/reference`); click an example to use it. */
import { useEffect, useState } from 'preact/hooks';
import { api, errorText } from '../api/client.ts';
import type { KflReference, KflReferenceEntry } from '../api/types.ts';
import { ErrorNote, Loading } from '../common/states.tsx';

let cached: KflReference | null = null;

const SECTIONS: [keyof KflReference, string][] = [
  ['macros', 'Protocol macros'],
  ['operators', 'Operators'],
  ['functions', 'Functions'],
  ['variables', 'Variables'],
  ['literals', 'Literals'],
];

export function KflHelp({ onPick, onClose }: { onPick: (q: string) => void; onClose: () => void }) {
  const [ref, setRef] = useState<KflReference | null>(cached);
  const [error, setError] = useState('');

  const load = () => {
    setError('');
    api.get<KflReference>('/api/kfl/reference').then(
      (r) => {
        cached = r;
        setRef(r);
      },
      (e) => setError(errorText(e)),
    );
  };
  useEffect(() => {
    if (!cached) load();
  }, []);

  return (
    <div class="kfl-help" role="dialog" aria-label="KFL reference" onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <div class="kfl-help-head">
        <strong>KFL reference</strong>
        <button class="btn btn-small" onClick={onClose} aria-label="Close the reference">
          ✕
        </button>
      </div>
      {error ? <ErrorNote error={error} onRetry={load} /> : !ref ? <Loading what="the reference" /> : null}
      {ref
        ? SECTIONS.map(([key, title]) => {
            const entries = (ref[key] ?? []) as KflReferenceEntry[];
            if (!entries.length) return null;
            return (
              <section key={key}>
                <h4>{title}</h4>
                <dl>
                  {entries.map((e) => (
                    <div class="kfl-entry" key={e.name}>
                      <dt class="mono">{e.syntax || e.name}</dt>
                      <dd>
                        {e.description}{' '}
                        {e.example ? (
                          <button class="link mono" onClick={() => onPick(e.example)} title="Use this example">
                            {e.example}
                          </button>
                        ) : null}
                      </dd>
                    </div>
                  ))}
                </dl>
              </section>
            );
          })
        : null}
    </div>
  );
}
