/**
 * Jobs of the running scripts (docs/api.md; jobs are per script, runtime/jobs/scheduler.ts).
 *
 *   GET    /api/jobs                      → [{ script, tag, cron, limit, runs, nextRunMs, running, skipped }]
 *   POST   /api/jobs/:script/:tag/run     → { ran: tag }   (runs now, outside its schedule)
 *   DELETE /api/jobs/:script/:tag         → { removed: tag }
 *   POST   /api/jobs/run-all              → { ran: n }     (every job of every running script)
 *   GET    /api/jobs/scheduler            → { running }
 *   POST   /api/jobs/scheduler/start|stop → { running }    (all running scripts' schedulers)
 *
 * A script's scheduler restarts when the script is reloaded (its jobs are re-created).
 */
import type Router from '@koa/router';
import type { Sandbox } from '../../../runtime/sandbox/sandbox.ts';
import { HttpError } from '../http-server.ts';
import type { DashboardContext } from './dashboard-context.ts';

export function mountJobs(router: Router, d: DashboardContext): void {
  const scripts = d.node.scripts;

  const running = (): Sandbox[] =>
    scripts
      .list()
      .map((s) => scripts.sandbox(s.id))
      .filter((sb): sb is Sandbox => sb !== undefined && sb.state === 'running');

  const sandboxOf = (id: string): Sandbox => {
    const sb = scripts.sandbox(id);
    if (!sb || sb.state !== 'running') throw new HttpError(409, 'ERR_SCRIPT_NOT_RUNNING', `script "${id}" is not running, so it has no jobs; activate it first`);
    return sb;
  };

  const schedulerState = (requested: boolean): { running: boolean } => {
    const sbs = running();
    return { running: sbs.length ? sbs.some((sb) => sb.jobs.isRunning()) : requested };
  };

  const jobCall = (f: () => void): void => {
    try {
      f();
    } catch (e) {
      throw new HttpError(404, 'ERR_JOB_NOT_FOUND', (e as Error).message);
    }
  };

  router.get('/api/jobs', (ctx) => {
    ctx.body = running().flatMap((sb) => sb.jobs.info().map((j) => ({ script: sb.id, ...j })));
  });

  router.get('/api/jobs/scheduler', (ctx) => {
    ctx.body = schedulerState(true);
  });

  router.post('/api/jobs/scheduler/start', (ctx) => {
    for (const sb of running()) sb.jobs.start();
    ctx.body = schedulerState(true);
  });

  router.post('/api/jobs/scheduler/stop', (ctx) => {
    for (const sb of running()) sb.jobs.stop();
    ctx.body = schedulerState(false);
  });

  router.post('/api/jobs/run-all', (ctx) => {
    let n = 0;
    for (const sb of running()) {
      n += sb.jobs.list().length;
      sb.jobs.runAll();
    }
    ctx.body = { ran: n };
  });

  router.post('/api/jobs/:script/:tag/run', (ctx) => {
    const sb = sandboxOf(scripts.get(ctx.params.script).id);
    jobCall(() => sb.jobs.run(ctx.params.tag));
    ctx.body = { ran: ctx.params.tag };
  });

  router.delete('/api/jobs/:script/:tag', (ctx) => {
    const sb = sandboxOf(scripts.get(ctx.params.script).id);
    jobCall(() => sb.jobs.remove(ctx.params.tag));
    ctx.body = { removed: ctx.params.tag };
  });
}
