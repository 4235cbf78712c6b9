/**
 * Recordings: scheduled captures archived (pcap + items) to a folder, S3 or GCS (the
 * storage feature's `/api/recordings`): the form, then each recording with its state,
 * current/next window, counts, its archives with their upload state and download links,
 * and stop / archive-now / delete. Polled every 5 s.
 */
import { useEffect, useState } from 'preact/hooks';
import { api, ApiError, downloadUrl, errorText } from '../api/client.ts';
import type { Recording, RecordingArchive } from '../api/types.ts';
import { formatBytes, formatCount, formatDateTime, formatDuration } from '../common/format.ts';
import { EmptyState, ErrorNote, Loading } from '../common/states.tsx';
import { toast } from '../common/toast.tsx';
import { RecordingForm } from './recording-form.tsx';
import { destinationText, recordingsOf } from './recording-request.ts';

const UPLOAD_TEXT: Record<string, string> = { spooled: 'waiting to upload', uploading: 'uploading…', retrying: 'retrying upload', uploaded: 'uploaded' };

function windowText(w: { start: number; end: number } | null | undefined): string {
  return w ? `${formatDateTime(w.start)} → ${formatDateTime(w.end)}` : '–';
}

function ArchiveRow({ r, a }: { r: Recording; a: RecordingArchive }) {
  const state = a.state ?? '';
  return (
    <tr>
      <td class="mono">{a.file}</td>
      <td>{typeof a.size === 'number' ? formatBytes(a.size) : ''}</td>
      <td>{typeof a.items === 'number' ? `${formatCount(a.items)} items` : ''}</td>
      <td>
        <span class={`pill state-${state === 'uploaded' ? 'uploaded' : state === 'retrying' ? 'error' : 'uploading'}`}>{UPLOAD_TEXT[state] ?? state}</span>
        {a.attempts && a.attempts > 1 ? <span class="muted small"> {a.attempts} attempts</span> : null}
      </td>
      <td>
        <a class="link" href={downloadUrl(`/api/recordings/${encodeURIComponent(r.name)}/archives/${encodeURIComponent(a.file)}`)} download>
          Download
        </a>
      </td>
    </tr>
  );
}

function RecordingCard({ r, onAction }: { r: Recording; onAction: (name: string, what: 'stop' | 'flush' | 'delete') => void }) {
  const archives = r.archives ?? [];
  const active = r.state === 'scheduled' || r.state === 'recording';
  return (
    <li class="rec-card" data-name={r.name}>
      <div class="rec-head">
        <strong>{r.name}</strong>
        <span class={`pill state-${r.state}`} data-testid="recording-state">
          {r.state}
        </span>
        {r.paused ? <span class="pill state-error">paused: spool full</span> : null}
        <span class="spacer" />
        {r.state === 'recording' ? (
          <button class="btn btn-small" onClick={() => onAction(r.name, 'flush')} title="Close the current window into an archive now">
            Archive now
          </button>
        ) : null}
        {active ? (
          <button class="btn btn-small" onClick={() => onAction(r.name, 'stop')}>
            Stop
          </button>
        ) : null}
        <button class="btn btn-small btn-danger" onClick={() => onAction(r.name, 'delete')}>
          Delete
        </button>
      </div>
      <div class="small muted">
        <span class="mono">{r.filter || '(all traffic)'}</span> · {formatDuration(r.durationMs)} windows · {r.cron ? `cron ${r.cron}` : `daily × ${r.iterations}`} from {formatDateTime(r.start)}
        {r.expiration ? ` · until ${formatDateTime(r.expiration)}` : ''} · to {destinationText(r.destination)}
      </div>
      <div class="small">
        {r.state === 'recording' ? `recording ${windowText(r.window)}` : `next window ${windowText(r.nextWindow)}`} · {formatCount(r.items ?? 0)} items
        {r.itemsDropped ? <span class="bad"> · {formatCount(r.itemsDropped)} dropped</span> : null} · {formatCount(r.windows ?? 0)} windows
      </div>
      {archives.length ? (
        <table class="grid-table small">
          <tbody>
            {archives.map((a) => (
              <ArchiveRow key={a.file} r={r} a={a} />
            ))}
          </tbody>
        </table>
      ) : (
        <div class="small muted">no archives yet</div>
      )}
    </li>
  );
}

export function RecordingsPage() {
  const [list, setList] = useState<Recording[] | null>(null);
  const [error, setError] = useState('');
  const [missing, setMissing] = useState(false);

  const load = () =>
    api.get<unknown>('/api/recordings').then(
      (b) => (setList(recordingsOf(b)), setError(''), setMissing(false)),
      (e) => {
        if (e instanceof ApiError && (e.status === 404 || e.status === 501)) setMissing(true);
        else setError(errorText(e));
      },
    );
  useEffect(() => {
    void load();
    const t = setInterval(load, 5000);
    return () => clearInterval(t);
  }, []);

  const action = async (name: string, what: 'stop' | 'flush' | 'delete') => {
    if (what === 'delete' && !confirm(`Delete recording ${name}? Archives already made are kept.`)) return;
    const path = `/api/recordings/${encodeURIComponent(name)}`;
    try {
      if (what === 'delete') await api.del(path);
      else await api.post(`${path}/${what}`);
      toast(what === 'stop' ? `Stopped ${name}` : what === 'flush' ? `Archiving ${name}` : `Deleted ${name}`);
      void load();
    } catch (e) {
      toast(errorText(e), 'error');
    }
  };

  return (
    <div class="page recordings">
      {missing ? null : (
        <>
          <h2>New recording</h2>
          <RecordingForm onCreated={load} />
        </>
      )}
      <h2>Recordings</h2>
      {missing ? (
        <EmptyState title="Recordings are not available on this node">Recordings run on nodes that capture (single machine and workers); items and maps still work here.</EmptyState>
      ) : error ? (
        <ErrorNote error={error} onRetry={load} />
      ) : !list ? (
        <Loading what="recordings" />
      ) : list.length === 0 ? (
        <EmptyState title="No recordings">Create one above: matching traffic is archived (pcap + items) and uploaded.</EmptyState>
      ) : (
        <ul class="rec-list" data-testid="recording-list">
          {list.map((r) => (
            <RecordingCard key={r.name} r={r} onAction={action} />
          ))}
        </ul>
      )}
    </div>
  );
}
