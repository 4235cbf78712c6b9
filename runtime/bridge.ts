/**
 * The host side of the bridge (DESIGN.md §5, CONVENTIONS.md §8): ONE entry point per
 * script, `entry(name, argsJSON, postedJSON, callKind, callDepth)`, through which every
 * helper call arrives. callKind/callDepth (what the script runs) update `ctx.call`.
 * It runs the queued `post` calls first (so console lines keep their order relative to
 * other helpers), then looks the op up in the catalog, validates the untrusted arguments
 * and runs it with the script's context. Replies: ['R' + JSON result], ['U'] (undefined) or
 * ['E' + message] — the guest throws `Error(message)`; the text travels inside an array
 * (see sandbox/shared-batch.ts). Nothing here ever throws into isolated-vm, and no host
 * object ever reaches the script.
 */
import ivm from 'isolated-vm';
import type { OpCatalog } from '../helpers/catalog.ts';
import type { CallInfo, OpContext } from '../helpers/define-op.ts';
import { isHookName } from './hooks.ts';
import type { HostEntry } from './sandbox/isolate.ts';
import { decodePosted, faultOf, type Fault, type Posted } from './sandbox/report.ts';

/** The highest output sequence number already handled for one isolate. */
export interface SeenOutput {
  seq: number;
}

/**
 * Runs the script's ordered output — queued post calls (console lines) and fault entries
 * (handed to `onFault`) — in the order the script produced it, skipping entries already seen
 * (output is re-sent until acknowledged).
 */
export function runPosted(catalog: OpCatalog, ctx: OpContext, posted: Posted[], onFault: (f: Fault) => void, seen: SeenOutput): void {
  for (const p of posted) {
    if (p[0] <= seen.seq) continue;
    seen.seq = p[0];
    const fault = faultOf(p);
    if (fault) {
      onFault(fault);
      continue;
    }
    const name = p[1];
    const op = catalog.hostOp(name);
    if (!op || op.kind !== 'post') continue;
    try {
      op.run(ctx, ...op.args.parse(name, [p[2]]));
    } catch {
      // post ops have no caller to report to; they validate nothing that can fail on a string.
    }
  }
}

function parsePosted(json: string): Posted[] {
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v.map(decodePosted).filter((p): p is Posted => p !== null) : [];
  } catch {
    return [];
  }
}

function encode(result: unknown): string {
  if (result === undefined) return 'U';
  try {
    const json = JSON.stringify(result);
    return json === undefined ? 'U' : 'R' + json;
  } catch (e) {
    return `Ethe helper's result could not be encoded: ${errorText(e)}`;
  }
}

function errorText(e: unknown): string {
  if (e instanceof Error) return e.message || e.name;
  return String(e);
}

/** The entry point handed (as a Reference) to one script's prelude. */
export function createHostEntry(catalog: OpCatalog, ctx: OpContext, onFault: (f: Fault) => void, seen: () => SeenOutput): HostEntry {
  const call = ctx.call as CallInfo;
  const reply = (name: string, argsJSON: string, postedJSON: string, kind?: string, depth?: number): string | Promise<string> => {
    if (typeof kind === 'string' && (kind === 'load' || kind === 'job' || kind === 'timer' || isHookName(kind))) call.kind = kind;
    call.depth = typeof depth === 'number' && Number.isInteger(depth) && depth >= 0 ? depth : 0;
    if (typeof postedJSON === 'string' && postedJSON) runPosted(catalog, ctx, parsePosted(postedJSON), onFault, seen());
    if (name === '') return 'U';
    const op = typeof name === 'string' ? catalog.hostOp(name) : undefined;
    if (!op || op.kind === 'post') return `E${String(name)} is not a helper`;
    let raw: unknown;
    try {
      raw = JSON.parse(String(argsJSON));
    } catch {
      return `E${name}: its arguments could not be read as JSON`;
    }
    if (!Array.isArray(raw)) return `E${name}: its arguments could not be read`;
    try {
      const result = op.run(ctx, ...op.args.parse(name, raw));
      if (op.kind === 'async') return Promise.resolve(result).then(encode, (e) => `E${errorText(e)}`);
      if (result instanceof Promise) {
        result.catch(() => undefined);
        return `E${name}: internal error (a sync helper returned a Promise)`;
      }
      return encode(result);
    } catch (e) {
      return `E${errorText(e)}`;
    }
  };
  return (name, argsJSON, postedJSON, kind, depth) => {
    const r = reply(name, argsJSON, postedJSON, kind, depth);
    return typeof r === 'string' ? boxed(r) : r.then(boxed);
  };
}

/** The reply as a copy of [text] (an ordinary string in the guest; see sandbox/shared-batch.ts). */
function boxed(text: string): ivm.Copy<string[]> {
  return new ivm.ExternalCopy([text]).copyInto({ release: true });
}
