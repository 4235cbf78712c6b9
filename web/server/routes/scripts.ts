/**
 * Scripts API (docs/api.md): list, read, create, save (hot reload), delete, activate,
 * deactivate. Changes need the dashboard token (node.router's middleware). Bodies are
 * JSON of at most 1 MiB (413 ERR_TOO_LARGE; 400 ERR_BAD_JSON / ERR_BAD_BODY).
 *
 *   GET    /api/scripts               → ScriptStatus[]
 *   GET    /api/scripts/:id           → { ...ScriptStatus, code }
 *   POST   /api/scripts {title?, code, id?}  → 201 ScriptStatus
 *   PUT    /api/scripts/:id {code}    → ScriptStatus | 422 {code, message, line, column}
 *   DELETE /api/scripts/:id           → { deleted: id }
 *   POST   /api/scripts/:id/activate | /deactivate → ScriptStatus
 */
import type Router from '@koa/router';
import { readJson } from '../auth.ts';
import { HttpError } from '../http-server.ts';
import type { DashboardContext } from './dashboard-context.ts';
import { ScriptEditor, type NewScript } from './script-editor.ts';

/** Largest script body accepted, bytes. */
export const MAX_SCRIPT_BODY = 1 << 20;

function badBody(what: string): HttpError {
  return new HttpError(400, 'ERR_BAD_BODY', `request body: ${what}`);
}

function parseNew(body: unknown): NewScript {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw badBody('expected a JSON object {title?, code, id?}');
  const b = body as Record<string, unknown>;
  if (typeof b.code !== 'string') throw badBody('"code" must be a string');
  if (b.title !== undefined && typeof b.title !== 'string') throw badBody('"title" must be a string');
  if (b.id !== undefined && typeof b.id !== 'string') throw badBody('"id" must be a string');
  return { code: b.code, title: b.title as string | undefined, id: b.id as string | undefined };
}

export function mountScripts(router: Router, d: DashboardContext): void {
  const scripts = d.node.scripts;
  const editor = new ScriptEditor(d.node);

  router.get('/api/scripts', (ctx) => {
    ctx.body = scripts.list();
  });

  router.get('/api/scripts/:id', (ctx) => {
    const st = scripts.get(ctx.params.id);
    ctx.body = { ...st, code: scripts.script(st.id).code };
  });

  router.post('/api/scripts', async (ctx) => {
    const s = parseNew(await readJson(ctx.req, MAX_SCRIPT_BODY));
    ctx.status = 201;
    ctx.body = await editor.create(s);
  });

  router.put('/api/scripts/:id', async (ctx) => {
    const body = await readJson<Record<string, unknown>>(ctx.req, MAX_SCRIPT_BODY);
    if (body === null || typeof body !== 'object' || typeof body.code !== 'string') throw badBody('expected {"code": "<script source>"}');
    ctx.body = await editor.save(ctx.params.id, body.code);
  });

  router.delete('/api/scripts/:id', async (ctx) => {
    await editor.remove(ctx.params.id);
    ctx.body = { deleted: ctx.params.id };
  });

  router.post('/api/scripts/:id/activate', async (ctx) => {
    ctx.body = await scripts.activate(ctx.params.id);
  });

  router.post('/api/scripts/:id/deactivate', async (ctx) => {
    ctx.body = await scripts.deactivate(ctx.params.id);
  });
}
