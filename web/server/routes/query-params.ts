/**
 * Query-string parameters of the dashboard API, validated: a bad value is a 400
 * `ERR_BAD_PARAM` naming the parameter and what it accepts; a bad KFL filter throws the
 * KflError (400 with its position, api-responses.ts).
 */
import type { Context } from 'koa';
import { compileKfl, type CompiledFilter } from '../../../capture/kfl/index.ts';
import { isMapGroup, MAP_GROUPS, type MapGroup } from '../../../runtime/hub/maps/map-node.ts';
import { HttpError } from '../http-server.ts';

/** Longest accepted KFL query, characters. */
export const MAX_QUERY_LENGTH = 8192;

export function badParam(name: string, what: string): HttpError {
  return new HttpError(400, 'ERR_BAD_PARAM', `query parameter "${name}" ${what}`);
}

/** The first value of a parameter, or undefined. */
export function param(ctx: Context, name: string): string | undefined {
  const v = ctx.query[name];
  return Array.isArray(v) ? v[0] : v;
}

export function intParam(ctx: Context, name: string, o: { min: number; max: number; def: number }): number {
  const v = param(ctx, name);
  if (v === undefined || v === '') return o.def;
  const n = Number(v);
  if (!Number.isInteger(n) || n < o.min || n > o.max) throw badParam(name, `must be an integer from ${o.min} to ${o.max}, got "${v.slice(0, 40)}"`);
  return n;
}

/** Epoch ms, or an ISO 8601 date; null when absent. */
export function timeParam(ctx: Context, name: string): number | null {
  const v = param(ctx, name);
  if (v === undefined || v === '') return null;
  const n = /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(n)) throw badParam(name, `must be epoch milliseconds or an ISO 8601 date, got "${v.slice(0, 40)}"`);
  return n;
}

/** A compiled KFL filter, or null when absent or blank. Throws KflError on a bad query. */
export function filterParam(ctx: Context, name: string): CompiledFilter | null {
  const v = param(ctx, name);
  if (v === undefined || v.trim() === '') return null;
  if (v.length > MAX_QUERY_LENGTH) throw badParam(name, `is longer than ${MAX_QUERY_LENGTH} characters`);
  return compileKfl(v);
}

export function groupParam(ctx: Context): MapGroup {
  const v = param(ctx, 'group');
  if (v === undefined || v === '') return 'namespace';
  if (!isMapGroup(v)) throw badParam('group', `must be one of ${MAP_GROUPS.join(', ')}, got "${v.slice(0, 40)}"`);
  return v;
}
