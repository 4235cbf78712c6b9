/**
 * KFL help for the filter box (docs/api.md):
 *
 *   GET /api/kfl/validate?q=…  → { ok: true } or 400 with the error's code and position
 *   GET /api/kfl/reference     → the KFL reference (capture/kfl kflReference)
 */
import type Router from '@koa/router';
import { kflReference, validateKfl } from '../../../capture/kfl/index.ts';
import { kflErrorBody } from './api-responses.ts';
import { badParam, MAX_QUERY_LENGTH, param } from './query-params.ts';

export function mountKfl(router: Router): void {
  router.get('/api/kfl/validate', (ctx) => {
    const q = param(ctx, 'q') ?? '';
    if (q.length > MAX_QUERY_LENGTH) throw badParam('q', `is longer than ${MAX_QUERY_LENGTH} characters`);
    const err = validateKfl(q);
    if (err) {
      ctx.status = 400;
      ctx.body = kflErrorBody(err);
    } else ctx.body = { ok: true };
  });

  router.get('/api/kfl/reference', (ctx) => {
    ctx.body = kflReference;
  });
}
