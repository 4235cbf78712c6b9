/**
 * New scheduled recording: name, KFL filter (validated like the traffic box), start,
 * duration, repetition (daily iterations or cron), expiration and destination (folder,
 * S3 or GCS; what is left empty comes from the node's config). The request body is built
 * and checked by recording-request.ts; the server's own errors are shown as they come.
 */
import { useState } from 'preact/hooks';
import { api, errorText } from '../api/client.ts';
import { toast } from '../common/toast.tsx';
import { validateKfl } from '../traffic/kfl-box.tsx';
import { localInputValue, recordingRequest, type RecordingFields } from './recording-request.ts';

export function RecordingForm({ onCreated }: { onCreated: () => void }) {
  const [f, setF] = useState<RecordingFields>({
    name: '',
    filter: '',
    start: localInputValue(Date.now()),
    minutes: '60',
    repeat: 'iterations',
    iterations: '1',
    cron: '',
    expiration: '',
    destType: 'folder',
    bucket: '',
    folder: '',
    prefix: '',
  });
  const [problem, setProblem] = useState('');
  const [busy, setBusy] = useState(false);
  const field = (k: keyof RecordingFields) => ({
    value: f[k],
    onInput: (e: Event) => setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value }),
    onChange: (e: Event) => setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value }),
  });

  const submit = async (e: Event) => {
    e.preventDefault();
    const r = recordingRequest(f);
    if (typeof r === 'string') return setProblem(r);
    const v = await validateKfl(r.filter);
    if (v.state === 'bad') return setProblem(`Filter: ${v.problem.message}`);
    setBusy(true);
    try {
      await api.post('/api/recordings', r);
      toast(`Recording ${r.name} created`);
      setProblem('');
      setF({ ...f, name: '' });
      onCreated();
    } catch (err) {
      setProblem(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="rec-form" onSubmit={submit} aria-label="New recording" data-testid="recording-form">
      <label>
        Name <input required {...field('name')} placeholder="checkout-errors" />
      </label>
      <label class="wide">
        KFL filter <input class="mono" {...field('filter')} placeholder="http and response.status >= 500   (empty = everything)" />
      </label>
      <label>
        Start <input type="datetime-local" {...field('start')} />
      </label>
      <label>
        Duration (minutes) <input type="number" min={0.1} step="any" {...field('minutes')} />
      </label>
      <label>
        Repeat
        <select {...field('repeat')}>
          <option value="iterations">daily, a number of times</option>
          <option value="cron">on a cron schedule</option>
        </select>
      </label>
      {f.repeat === 'cron' ? (
        <label>
          Cron <input class="mono" {...field('cron')} placeholder="0 2 * * *  or  @every 6h" />
        </label>
      ) : (
        <label>
          Iterations (days) <input type="number" min={1} {...field('iterations')} />
        </label>
      )}
      <label>
        Expires <input type="datetime-local" {...field('expiration')} title="No window starts after this; empty = never" />
      </label>
      <label>
        Destination
        <select {...field('destType')}>
          <option value="folder">local folder</option>
          <option value="s3">S3</option>
          <option value="gcs">Google Cloud Storage</option>
        </select>
      </label>
      {f.destType === 'folder' ? (
        <label>
          Folder <input class="mono" {...field('folder')} placeholder="(config recording.local)" />
        </label>
      ) : (
        <label>
          Bucket <input class="mono" {...field('bucket')} placeholder="(config bucket)" />
        </label>
      )}
      <label>
        Key prefix <input class="mono" {...field('prefix')} placeholder="recordings/" />
      </label>
      <div class="form-actions">
        <button class="btn btn-primary" type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create recording'}
        </button>
        {problem ? (
          <span class="error-text" role="alert" data-testid="recording-problem">
            {problem}
          </span>
        ) : null}
      </div>
    </form>
  );
}
