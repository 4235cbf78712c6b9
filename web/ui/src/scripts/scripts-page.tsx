/**
 * Scripts: the list with state and stats, the editor (save = hot reload; a version that
 * does not load is reported at its line and the previous one keeps running), examples,
 * activate/deactivate/delete, and below the live console and the jobs panel.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, errorText } from '../api/client.ts';
import type { ScriptStatus, ScriptWithCode } from '../api/types.ts';
import { Segmented } from '../common/controls.tsx';
import { EmptyState, ErrorNote, Loading } from '../common/states.tsx';
import { useTheme } from '../common/theme.ts';
import { toast } from '../common/toast.tsx';
import { useStored } from '../common/use-stored.ts';
import { CodeEditor, type EditorProblem } from './code-editor.tsx';
import { ConsolePanel } from './console-panel.tsx';
import { ExamplePicker } from './example-picker.tsx';
import { JobsPanel } from './jobs-panel.tsx';
import { ScriptList, StatePill } from './script-list.tsx';

/** No leading comment: the server makes the title the script's first comment line. */
const NEW_CODE = `function onItemCaptured(data) {
  console.log(data.protocol.abbr, data.src.ip, "->", data.dst.ip);
}
`;

interface Open {
  /** null for a script not saved yet. */
  id: string | null;
  title: string;
  saved: string;
  draft: string;
  key: string;
}

export function ScriptsPage() {
  const [scripts, setScripts] = useState<ScriptStatus[] | null>(null);
  const [listError, setListError] = useState('');
  const [selected, setSelected] = useStored<string | null>('scripts.selected', null);
  const [open, setOpen] = useState<Open | null>(null);
  const [problems, setProblems] = useState<EditorProblem[]>([]);
  const [saveError, setSaveError] = useState('');
  const [saving, setSaving] = useState(false);
  const [bottom, setBottom] = useState<'console' | 'jobs'>('console');
  const [theme] = useTheme();

  const loadList = () =>
    api.get<ScriptStatus[]>('/api/scripts').then(
      (s) => (setScripts(s), setListError('')),
      (e) => setListError(errorText(e)),
    );
  useEffect(() => {
    void loadList();
    const t = setInterval(loadList, 3000);
    return () => clearInterval(t);
  }, []);

  useEffect(() => {
    if (!selected) return;
    api.get<ScriptWithCode>(`/api/scripts/${encodeURIComponent(selected)}`).then(
      (s) => {
        setOpen({ id: s.id, title: s.title, saved: s.code, draft: s.code, key: `${s.id}@${Date.now()}` });
        setProblems([]);
        setSaveError(s.loadError ?? '');
      },
      (e) => {
        if (e instanceof ApiError && e.status === 404) setSelected(null);
        else toast(errorText(e), 'error');
      },
    );
  }, [selected]);

  const dirty = !!open && (open.id === null || open.draft !== open.saved);
  const pick = (id: string) => {
    if (id === selected) return;
    if (dirty && !confirm('Discard the unsaved changes?')) return;
    setSelected(id);
  };
  const status = scripts?.find((s) => s.id === open?.id) ?? null;

  const save = async () => {
    if (!open || saving) return;
    setSaving(true);
    try {
      const code = open.draft;
      const s =
        open.id === null
          ? await api.post<ScriptStatus>('/api/scripts', { title: open.title || 'untitled', code })
          : await api.put<ScriptStatus>(`/api/scripts/${encodeURIComponent(open.id)}`, { code });
      setOpen((o) => (o ? { ...o, id: s.id, title: s.title, saved: code } : o));
      setProblems([]);
      setSaveError('');
      if (open.id === null) setSelected(s.id);
      toast(open.id === null ? `Created ${s.title}` : s.active ? 'Saved and reloaded' : 'Saved (inactive)');
      void loadList();
    } catch (e) {
      if (e instanceof ApiError && e.status === 422) {
        // The file was written; the running version is the previous one.
        setOpen((o) => (o ? { ...o, saved: open.draft } : o));
        const line = Number(e.body.line) || 1;
        const column = Number(e.body.column) || 0;
        setProblems([{ line, column, message: e.message }]);
        setSaveError(`${e.code}: ${e.message} (line ${line}${column ? `, column ${column}` : ''}). The previous version keeps running.`);
      } else toast(errorText(e), 'error');
    } finally {
      setSaving(false);
    }
  };

  const act = async (what: 'activate' | 'deactivate' | 'delete') => {
    if (!open?.id) return;
    const path = `/api/scripts/${encodeURIComponent(open.id)}`;
    try {
      if (what === 'delete') {
        if (!confirm(`Delete ${open.title}?`)) return;
        await api.del(path);
        setOpen(null);
        setSelected(null);
      } else await api.post(`${path}/${what}`);
      toast(what === 'delete' ? 'Deleted' : what === 'activate' ? 'Activated' : 'Deactivated');
      void loadList();
    } catch (e) {
      toast(errorText(e), 'error');
    }
  };

  const added = (s: ScriptStatus) => {
    void loadList();
    setSelected(s.id);
  };

  return (
    <div class="page scripts">
      <div class="scripts-side">
        <div class="panel-bar">
          <button
            class="btn btn-primary"
            onClick={() => {
              if (dirty && !confirm('Discard the unsaved changes?')) return;
              setSelected(null);
              setOpen({ id: null, title: '', saved: '', draft: NEW_CODE, key: `new@${Date.now()}` });
              setProblems([]);
              setSaveError('');
            }}
          >
            + New
          </button>
          <ExamplePicker onAdded={added} />
        </div>
        {listError ? <ErrorNote error={listError} onRetry={loadList} /> : null}
        {!scripts ? <Loading what="scripts" /> : scripts.length === 0 ? <EmptyState title="No scripts yet">Start from an example or write a new one.</EmptyState> : <ScriptList scripts={scripts} selected={open?.id ?? null} onSelect={pick} />}
      </div>
      <div class="scripts-main">
        {!open ? (
          <EmptyState title="No script open">Pick a script on the left, add an example, or create a new one.</EmptyState>
        ) : (
          <>
            <div class="panel-bar">
              {open.id === null ? (
                <input class="title-input" aria-label="Script title" placeholder="Title of the new script" value={open.title} onInput={(e) => setOpen({ ...open, title: (e.currentTarget as HTMLInputElement).value })} />
              ) : (
                <strong class="script-name">{open.title}</strong>
              )}
              {status ? <StatePill s={status} /> : null}
              {dirty ? <span class="muted small">unsaved</span> : null}
              <span class="spacer" />
              <button class="btn btn-primary" onClick={() => void save()} disabled={saving || !dirty} data-testid="save-script" title="Save and hot-reload (Ctrl-S)">
                {saving ? 'Saving…' : 'Save'}
              </button>
              {open.id && status ? (
                status.active ? (
                  <button class="btn" onClick={() => act('deactivate')}>
                    Deactivate
                  </button>
                ) : (
                  <button class="btn" onClick={() => act('activate')} data-testid="activate-script">
                    Activate
                  </button>
                )
              ) : null}
              {open.id ? (
                <button class="btn btn-danger" onClick={() => act('delete')}>
                  Delete
                </button>
              ) : null}
            </div>
            {saveError ? (
              <div class="error-note" role="alert" data-testid="save-error">
                {saveError}
              </div>
            ) : null}
            <CodeEditor docKey={open.key} value={open.draft} dark={theme === 'dark'} problems={problems} onChange={(code) => setOpen((o) => (o ? { ...o, draft: code } : o))} onSave={() => void save()} />
          </>
        )}
        <div class="bottom-panel">
          <Segmented label="Panel" value={bottom} onChange={setBottom} choices={[{ value: 'console', label: 'Console' }, { value: 'jobs', label: 'Jobs' }]} />
          {bottom === 'jobs' ? <JobsPanel /> : open?.id ? <ConsolePanel script={open.id} /> : <div class="muted small pad">Open a saved script to see its console.</div>}
        </div>
      </div>
    </div>
  );
}
