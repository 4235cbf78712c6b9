/**
 * Helper ops (DESIGN.md §4.4): everything a script can call — `console.log`, `jobs.schedule`,
 * `vendor.webhook` … — is one definition made here and collected by the catalog
 * (`catalog.ts`). The guest prelude builds the namespaces from the catalog's names, so
 * guest and host cannot drift. Adding a helper = one file exporting a definition + one
 * line in `index.ts`.
 *
 * Kinds:
 * - `sync`  — the guest blocks while `run` executes on the host event loop; the result
 *             (JSON) is returned to the script; a thrown Error becomes `Error(message)` in it.
 * - `async` — `run` returns a Promise (I/O). The script still sees a synchronous call: its
 *             isolate thread waits (`applySyncPromise`) while the host event loop does the work.
 * - `post`  — fire-and-forget, no result: the guest turns each argument into a string
 *             (`String(arg)`, so the script's own toString runs) and queues the call; queued
 *             calls reach the host in order, before the next host call or when the hook
 *             returns. Cheap enough for per-item logging.
 * - `guest` — implemented in guest JavaScript (`source`, a function expression), never
 *             crosses to the host: pure helpers that must keep object identity (test.pass).
 * - `value` — a global data value (e.g. `env`), computed per script when it loads.
 *
 * Every host op gets the calling script's context first and validates its untrusted
 * arguments with `args` (see args.ts) before `run` sees them.
 */
import type { Clock } from '../runtime/clock.ts';
import type { ScriptConsole } from '../runtime/console.ts';
import type { HookName } from '../runtime/hooks.ts';
import type { ScriptJobs } from '../runtime/jobs/scheduler.ts';
import type { ScriptTimers } from '../runtime/timers.ts';
import type { WirehookConfig } from '../runtime/config.ts';
import type { ArgSpec } from './args.ts';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Identity of the node a script runs on. */
export interface NodeIdentity {
  /** Node name (`utils.nodeName()`); the hub reports "hub". */
  name: string;
  ip: string;
  role: 'worker' | 'hub' | 'single';
}

/** What the script is doing when it calls an op. */
export interface CallInfo {
  /** Hook being run, or 'load' (top-level code), 'job', 'timer'. */
  kind: HookName | 'load' | 'job' | 'timer';
  /** hub.action nesting depth: 0 unless the call runs inside onHubAction. */
  depth: number;
}

/** Delivery of hub actions (single machine: to every local script's onHubAction). */
export interface HubLink {
  action(action: string, object: JsonValue, depth: number): void;
  /** Pods targeted / excluded by capture rules (JSON string, Kubeshark shape). */
  targeted(): string;
}

/**
 * Extension slot for services later ops need (metrics registry, stream store, uploaders).
 * Add members by declaration merging from the file that provides them:
 * `declare module '../helpers/define-op.ts' { interface OpServices { prometheus: … } }`.
 */
export interface OpServices {}

/** The calling script's context, passed first to every host op. */
export interface OpContext {
  readonly script: { readonly id: string; readonly title: string };
  readonly node: NodeIdentity;
  readonly console: ScriptConsole;
  readonly clock: Clock;
  readonly env: Readonly<Record<string, JsonValue>>;
  readonly jobs: ScriptJobs;
  readonly timers: ScriptTimers;
  readonly hub: HubLink;
  readonly config: WirehookConfig;
  /** Updated before every call into the script. */
  readonly call: Readonly<CallInfo>;
  readonly services: Partial<OpServices>;
}

interface Documented {
  /** Full name as the script sees it: 'console.log', 'setTimeout', 'jobs.scheduler.stop'. */
  name: string;
  /** Reference text for docs/script-api.md (Markdown, one short paragraph). */
  doc: string;
  /** TypeScript signature for script-api.d.ts, without the name: `(tag: string): void`. */
  signature: string;
}

export interface HostOp<A extends unknown[] = unknown[], R = unknown> extends Documented {
  kind: 'sync' | 'async' | 'post';
  args: ArgSpec<A>;
  run(ctx: OpContext, ...args: A): R | Promise<R>;
}

export interface GuestOp extends Documented {
  kind: 'guest';
  /** A function expression evaluated in the sandbox before user code: `function (data) { … }`. */
  source: string;
}

export interface ValueDef extends Documented {
  kind: 'value';
  value(ctx: Pick<OpContext, 'script' | 'node' | 'env' | 'config'>): JsonValue;
  /** Also define each key of the (object) value as a global unless a built-in has that name. */
  bareGlobals?: boolean;
}

export type OpDefinition = HostOp<any, any> | GuestOp | ValueDef;

export function defineOp<A extends unknown[], R>(op: HostOp<A, R>): HostOp<A, R> {
  return op;
}

export function defineGuestOp(op: Omit<GuestOp, 'kind'>): GuestOp {
  return { ...op, kind: 'guest' };
}

export function defineValue(v: Omit<ValueDef, 'kind'>): ValueDef {
  return { ...v, kind: 'value' };
}

/** A script function handed to an op (job function, timer callback). Valid while its sandbox lives. */
export interface GuestFn {
  readonly fnId: number;
}
