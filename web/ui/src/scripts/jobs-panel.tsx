/** Scheduled jobs of all scripts: run now, remove, run all, scheduler start/stop. */
import { useEffect, useState } from 'preact/hooks';
import { api, errorText } from '../api/client.ts';
import type { JobInfo } from '../api/types.ts';
import { formatDateTime } from '../common/format.ts';
import { EmptyState, ErrorNote } from '../common/states.tsx';
import { toast } from '../common/toast.tsx';

export function JobsPanel() {
  const [jobs, setJobs] = useState<JobInfo[] | null>(null);
  const [error, setError] = useState('');
  const [scheduler, setScheduler] = useState<boolean | null>(null);

  const load = () =>
    api.get<JobInfo[]>('/api/jobs').then(
      (j) => (setJobs(j), setError('')),
      (e) => setError(errorText(e)),
    );
  useEffect(() => {
    void load();
    const t = setInterval(load, 3000);
    return () => clearInterval(t);
  }, []);

  const act = async (what: string, path: string, method: 'post' | 'del' = 'post') => {
    try {
      const r = method === 'post' ? await api.post<{ running?: boolean }>(path) : await api.del(path);
      if (r && typeof (r as { running?: boolean }).running === 'boolean') setScheduler((r as { running: boolean }).running);
      toast(what);
      void load();
    } catch (e) {
      toast(errorText(e), 'error');
    }
  };
  const enc = encodeURIComponent;

  return (
    <div class="jobs-panel" data-testid="jobs-panel">
      <div class="panel-bar small">
        <button class="btn btn-small" onClick={() => act('Ran all jobs', '/api/jobs/run-all')}>
          Run all
        </button>
        <button class="btn btn-small" onClick={() => act('Scheduler started', '/api/jobs/scheduler/start')} disabled={scheduler === true}>
          Start scheduler
        </button>
        <button class="btn btn-small" onClick={() => act('Scheduler stopped', '/api/jobs/scheduler/stop')} disabled={scheduler === false}>
          Stop scheduler
        </button>
        <span class="muted">{scheduler === null ? '' : scheduler ? 'scheduler running' : 'scheduler stopped'}</span>
      </div>
      {error ? <ErrorNote error={error} onRetry={load} /> : null}
      {jobs && jobs.length === 0 ? <EmptyState title="No jobs">Scripts schedule jobs with jobs.schedule(tag, cron, fn).</EmptyState> : null}
      {jobs && jobs.length ? (
        <table class="grid-table small">
          <thead>
            <tr>
              <th>Script</th>
              <th>Tag</th>
              <th>Schedule</th>
              <th>Runs</th>
              <th>Next run</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {jobs.map((j) => (
              <tr key={`${j.script}/${j.tag}`}>
                <td>{j.script}</td>
                <td class="mono">{j.tag}</td>
                <td class="mono">{j.cron}</td>
                <td>
                  {j.runs}
                  {j.limit ? ` / ${j.limit}` : ''}
                </td>
                <td>{j.running ? 'running now' : j.nextRunMs ? formatDateTime(j.nextRunMs) : '–'}</td>
                <td class="actions">
                  <button class="btn btn-small" onClick={() => act(`Ran ${j.tag}`, `/api/jobs/${enc(j.script)}/${enc(j.tag)}/run`)}>
                    Run
                  </button>
                  <button class="btn btn-small btn-danger" onClick={() => act(`Removed ${j.tag}`, `/api/jobs/${enc(j.script)}/${enc(j.tag)}`, 'del')}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
    </div>
  );
}
