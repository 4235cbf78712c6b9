/**
 * Scheduled recordings (docs/api.md "Recordings"; runtime/recorder/recorder.ts). Changes
 * need the dashboard token (node.router's middleware).
 *
 *   GET    /api/recordings                        → RecordingStatus[] (state, window, upload state per archive)
 *   POST   /api/recordings                        {name, filter, start, durationMs | duration, iterations | cron,
 *                                                  expiration, destination} → 201 RecordingStatus
 *   GET    /api/recordings/:name                  → RecordingStatus
 *   POST   /api/recordings/:name/stop             → RecordingStatus (open window archived, no more windows)
 *   POST   /api/recordings/:name/flush            → { archive: ArchiveRecord | null } (archive the open window now)
 *   DELETE /api/recordings/:name                  → { removed: name } (stopped first; spooled archives still upload)
 *   GET    /api/recordings/:name/archives/:file   → application/gzip attachment (from the spool, or from the destination)
 *
 * Errors: 400 ERR_RECORDING_INVALID / ERR_RECORDING_FILTER, 404 ERR_RECORDING_NOT_FOUND,
 * 409 ERR_RECORDING_EXISTS / ERR_RECORDING_ARCHIVE, 502 ERR_BLOB_* (destination failed),
 * 501 ERR_NOT_AVAILABLE on nodes without a recorder (the hub).
 */
import type Router from '@koa/router';
import { BlobStoreError } from '../../../capture/store/blob/blob-store.ts';
import type { Recorder } from '../../../runtime/recorder/recorder.ts';
import { RecordingError } from '../../../runtime/recorder/recording-spec.ts';
import { readJson } from '../auth.ts';
import { HttpError } from '../http-server.ts';

const STATUS: Record<RecordingError['code'], number> = {
  ERR_RECORDING_INVALID: 400,
  ERR_RECORDING_FILTER: 400,
  ERR_RECORDING_NOT_FOUND: 404,
  ERR_RECORDING_EXISTS: 409,
  ERR_RECORDING_ARCHIVE: 409,
};

function httpError(e: unknown): unknown {
  if (e instanceof RecordingError) return new HttpError(STATUS[e.code], e.code, e.message);
  if (e instanceof BlobStoreError) return new HttpError(502, e.code, e.message);
  return e;
}

async function call<T>(f: () => T | Promise<T>): Promise<T> {
  try {
    return await f();
  } catch (e) {
    throw httpError(e);
  }
}

export function mountRecordings(router: Router, recorder: () => Recorder | null): void {
  const rec = (): Recorder => {
    const r = recorder();
    if (!r) throw new HttpError(501, 'ERR_NOT_AVAILABLE', 'this node does not record (recordings run on nodes that capture: single and worker)');
    return r;
  };
  router.get('/api/recordings', (ctx) => {
    ctx.body = rec().list();
  });
  router.post('/api/recordings', async (ctx) => {
    const body = await readJson(ctx.req, 256 * 1024);
    ctx.body = await call(() => rec().create(body));
    ctx.status = 201;
  });
  router.get('/api/recordings/:name', async (ctx) => {
    ctx.body = await call(() => rec().get(ctx.params.name));
  });
  router.post('/api/recordings/:name/stop', async (ctx) => {
    ctx.body = await call(() => rec().stop(ctx.params.name));
  });
  router.post('/api/recordings/:name/flush', async (ctx) => {
    ctx.body = { archive: await call(() => rec().flush(ctx.params.name)) };
  });
  router.delete('/api/recordings/:name', async (ctx) => {
    await call(() => rec().remove(ctx.params.name));
    ctx.body = { removed: ctx.params.name };
  });
  router.get('/api/recordings/:name/archives/:file', async (ctx) => {
    const file = ctx.params.file;
    if (!/^[A-Za-z0-9_.-]+\.tar\.gz$/.test(file)) throw new HttpError(400, 'ERR_RECORDING_INVALID', 'archive names look like <name>_wirehook_<unix>.tar.gz');
    const a = await call(() => rec().openArchive(ctx.params.name, file));
    ctx.set('Content-Disposition', `attachment; filename="${file}"`);
    ctx.type = 'application/gzip';
    ctx.length = a.size;
    ctx.body = a.stream;
  });
}
