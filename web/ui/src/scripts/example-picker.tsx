/**
 * "Add example…": the examples shipped in examples/*.js (`GET /api/examples`). Picking one
 * adds it as a script and activates it, so its console output shows right away.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, errorText } from '../api/client.ts';
import type { Example, ScriptStatus } from '../api/types.ts';
import { toast } from '../common/toast.tsx';

export function ExamplePicker({ onAdded }: { onAdded: (s: ScriptStatus) => void }) {
  const [examples, setExamples] = useState<Example[] | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    api.get<Example[]>('/api/examples').then(setExamples, () => setExamples([]));
  }, []);

  const add = async (id: string) => {
    const ex = examples?.find((e) => e.id === id);
    if (!ex) return;
    setBusy(true);
    try {
      let s = await api.post<ScriptStatus>('/api/scripts', { title: ex.title, code: ex.code });
      if (!s.active) s = (await api.post<ScriptStatus | null>(`/api/scripts/${encodeURIComponent(s.id)}/activate`)) ?? { ...s, active: true };
      toast(`Added and activated: ${ex.title}`);
      onAdded(s);
    } catch (e) {
      toast(errorText(e), 'error');
    } finally {
      setBusy(false);
    }
  };

  return (
    <select
      class="select"
      aria-label="Add an example script"
      data-testid="examples"
      disabled={busy || !examples || examples.length === 0}
      value=""
      onChange={(e) => {
        const el = e.currentTarget as HTMLSelectElement;
        const id = el.value;
        el.value = '';
        if (id) void add(id);
      }}
    >
      <option value="">{examples === null ? 'Loading examples…' : examples.length ? 'Add example…' : 'No examples'}</option>
      {(examples ?? []).map((ex) => (
        <option key={ex.id} value={ex.id} title={ex.description}>
          {ex.title}
        </option>
      ))}
    </select>
  );
}
