/**
 * One script's isolate: creation (prelude, then user code), the typed calls into the
 * trampoline, and the classification of failures. Policy — what a failure means for the
 * script (counting, quarantine, rebuild) — lives in sandbox.ts.
 *
 * Calls use async `apply`: the script runs on an isolate thread while the host event loop
 * stays free (capture never waits for a script), and async helpers can use applySyncPromise.
 * Several calls may be in flight; isolated-vm runs them in order. The only synchronous calls
 * (`prepare`, `drain`, while loading) are made while the isolate is idle and never call helpers.
 */
import ivm from 'isolated-vm';
import { buildManifest, preludeSource, type GuestManifest } from './prelude.ts';
import { classifyFailure, describeLoadError, locationIn, ScriptLoadError, type RunFailure } from './errors.ts';
import { decodeReport, type GuestReport } from './report.ts';

/** Host entry point (runtime/bridge.ts): returns a copy of ['R'+json] | ['U'] | ['E'+message], or a Promise of it. */
export type HostEntry = (name: string, argsJSON: string, postedJSON: string, callKind?: string, callDepth?: number) => ivm.Copy<string[]> | Promise<ivm.Copy<string[]>>;

export interface IsolateOptions {
  code: string;
  manifest: Omit<GuestManifest, 'hooks'>;
  memoryMb: number;
  /** Time allowed for the top-level code. */
  loadTimeoutMs: number;
  entry: HostEntry;
  /** Clock time for the top-level code (virtual Date). */
  now: number;
}

/** A call's report, or why it did not return (after a timeout the next call reports it). */
export type Outcome = { ok: true; report: GuestReport } | { ok: false; failure: RunFailure; message: string };

type Api = 'prepare' | 'drain' | 'batch' | 'resume' | 'call' | 'fn';
const COPY = { result: { copy: true } } as const;

export class ScriptIsolate {
  private constructor(
    private readonly isolate: ivm.Isolate,
    private readonly api: Record<Api, ivm.Reference<(...args: unknown[]) => unknown>>,
  ) {}

  /**
   * Builds the isolate and runs the top-level code. Resolves with the isolate and the
   * report of the top-level run (console lines, defined hooks); rejects with ScriptLoadError.
   */
  static async load(o: IsolateOptions): Promise<{ isolate: ScriptIsolate; report: GuestReport }> {
    const isolate = new ivm.Isolate({ memoryLimit: o.memoryMb });
    const filename = o.manifest.filename;
    try {
      const context = await isolate.createContext();
      const apiRef = await context.evalClosure(preludeSource(), [new ivm.Reference(o.entry), buildManifest(o.manifest)], {
        result: { reference: true },
        timeout: 5000,
      });
      const names: Api[] = ['prepare', 'drain', 'batch', 'resume', 'call', 'fn'];
      const refs = await Promise.all(names.map((n) => apiRef.get(n, { reference: true })));
      const api = Object.fromEntries(names.map((n, i) => [n, refs[i]])) as Record<Api, ivm.Reference<(...args: unknown[]) => unknown>>;
      let script: ivm.Script;
      try {
        script = await isolate.compileScript(o.code, { filename });
      } catch (e) {
        throw new ScriptLoadError('ERR_SCRIPT_COMPILE', describeLoadError(e), locationIn(e, filename));
      }
      api.prepare.applySync(undefined, [o.now]);
      try {
        await script.run(context, { timeout: o.loadTimeoutMs });
      } catch (e) {
        throw loadFailure(e, isolate, filename, o, api);
      }
      const report = decodeReport(api.drain.applySync(undefined, [], COPY));
      return { isolate: new ScriptIsolate(isolate, api), report };
    } catch (e) {
      if (!isolate.isDisposed) isolate.dispose();
      if (e instanceof ScriptLoadError) throw e;
      throw new ScriptLoadError('ERR_SCRIPT_INTERNAL', `the sandbox could not be created: ${(e as Error).message}`);
    }
  }

  get disposed(): boolean {
    return this.isolate.isDisposed;
  }

  /** Total CPU time spent in the isolate, ns. */
  cpuTimeNs(): bigint {
    return this.isolate.isDisposed ? 0n : this.isolate.cpuTime;
  }

  /**
   * `data`: the batch's JSON texts (see shared-batch.ts for why they travel in an array).
   * `ack`: the highest output sequence number the host has handled.
   */
  batch(hookIdx: number, data: ivm.Copy<string[]>, now: number, releases: string, ack: number, limitMs: number): Promise<Outcome> {
    return this.run('batch', [hookIdx, data, now, releases, ack, limitMs], limitMs * 2 + 50);
  }

  resume(now: number, releases: string, ack: number, limitMs: number): Promise<Outcome> {
    return this.run('resume', [now, releases, ack, limitMs], limitMs * 2 + 50);
  }

  call(hookIdx: number, argsJSON: string, now: number, releases: string, ack: number, limitMs: number, depth: number): Promise<Outcome> {
    return this.run('call', [hookIdx, wrap(argsJSON), now, releases, ack, limitMs, depth], limitMs + 50);
  }

  fn(fnId: number, argsJSON: string, now: number, releases: string, ack: number, limitMs: number, label: string): Promise<Outcome> {
    return this.run('fn', [fnId, wrap(argsJSON), now, releases, ack, limitMs, label], limitMs + 50);
  }

  /** Heap in use, read on the isolate thread (never blocks the host). */
  async heapUsed(): Promise<number> {
    if (this.isolate.isDisposed) return 0;
    const h = await this.isolate.getHeapStatistics();
    return h.used_heap_size + h.externally_allocated_size;
  }

  dispose(): void {
    if (!this.isolate.isDisposed) this.isolate.dispose();
  }

  private async run(api: Api, args: unknown[], timeout: number): Promise<Outcome> {
    if (this.isolate.isDisposed) return { ok: false, failure: 'disposed', message: 'the sandbox was disposed' };
    try {
      const raw = await this.api[api].apply(undefined, args as never, { ...COPY, timeout });
      return { ok: true, report: decodeReport(raw) };
    } catch (e) {
      return { ok: false, failure: classifyFailure(e, this.isolate.isDisposed), message: (e as Error)?.message ?? String(e) };
    }
  }
}

/** A string that may be long, inside an array (an ordinary string in the guest; see shared-batch.ts). */
function wrap(text: string): ivm.Copy<string[]> {
  return new ivm.ExternalCopy([text]).copyInto({ release: true });
}

function loadFailure(e: unknown, isolate: ivm.Isolate, filename: string, o: IsolateOptions, api: Record<Api, ivm.Reference<(...args: unknown[]) => unknown>>): ScriptLoadError {
  const failure = classifyFailure(e, isolate.isDisposed);
  const posted = isolate.isDisposed ? [] : decodeReport(api.drain.applySync(undefined, [], COPY)).posted;
  if (failure === 'timeout') return new ScriptLoadError('ERR_SCRIPT_TIMEOUT', `top-level code ran longer than ${o.loadTimeoutMs} ms`, '', posted);
  // isolated-vm disposes an isolate on its own only when it exceeds its memory limit.
  if (failure === 'memory' || failure === 'disposed') return new ScriptLoadError('ERR_SCRIPT_MEMORY', `top-level code used more than the ${o.memoryMb} MB memory limit`, '', posted);
  return new ScriptLoadError('ERR_SCRIPT_TOPLEVEL', describeLoadError(e), locationIn(e, filename), posted);
}
