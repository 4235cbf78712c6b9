/**
 * The op catalog: collects helper definitions (define-op.ts), validates them and rejects
 * duplicates and clashes with coded errors, then builds the lookup table (host side) and
 * the manifest the guest prelude builds namespaces from. Built once per process; order of
 * the definitions does not matter except for documentation order.
 */
import { hookNames } from '../runtime/hooks.ts';
import type { GuestOp, HostOp, OpContext, OpDefinition, JsonValue, ValueDef } from './define-op.ts';

export class OpCatalogError extends Error {
  readonly hint: string;
  constructor(
    readonly code: 'ERR_OP_DUPLICATE' | 'ERR_OP_INVALID' | 'ERR_OP_CONFLICT',
    message: string,
    hint: string,
  ) {
    super(message);
    this.hint = hint;
  }
}

/** What the guest prelude needs to know about an op. */
export interface GuestOpManifest {
  name: string;
  kind: 'sync' | 'async' | 'post' | 'guest';
  /** Host ops taking function arguments: the guest registers functions as handles. */
  fns?: boolean;
  source?: string;
}

export interface GuestValueManifest {
  name: string;
  value: JsonValue;
  bareGlobals: boolean;
}

const NAME = /^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/;
const KINDS = new Set(['sync', 'async', 'post', 'guest', 'value']);

export class OpCatalog {
  private readonly byName = new Map<string, OpDefinition>();
  private manifestCache?: GuestOpManifest[];

  private constructor(readonly definitions: readonly OpDefinition[]) {
    for (const d of definitions) this.byName.set(d.name, d);
  }

  /** Validates all definitions; throws OpCatalogError on the first problem. */
  static create(definitions: OpDefinition[]): OpCatalog {
    const seen = new Set<string>();
    for (const d of definitions) {
      validate(d);
      if (seen.has(d.name)) {
        throw new OpCatalogError('ERR_OP_DUPLICATE', `helper "${d.name}" is defined twice`, 'each helper name must be defined by exactly one file in helpers/');
      }
      seen.add(d.name);
    }
    for (const name of seen) {
      const parts = name.split('.');
      for (let i = 1; i < parts.length; i++) {
        const prefix = parts.slice(0, i).join('.');
        if (seen.has(prefix)) {
          throw new OpCatalogError('ERR_OP_CONFLICT', `helper "${prefix}" is also the namespace of "${name}"`, 'a name is either a helper or a namespace, not both');
        }
      }
      if ((hookNames as string[]).includes(parts[0])) {
        throw new OpCatalogError('ERR_OP_CONFLICT', `helper "${name}" uses the hook name "${parts[0]}"`, 'hook names are reserved for script functions');
      }
    }
    return new OpCatalog([...definitions]);
  }

  get(name: string): OpDefinition | undefined {
    return this.byName.get(name);
  }

  /** The host op of that name, if it is one (sync, async or post). */
  hostOp(name: string): HostOp | undefined {
    const d = this.byName.get(name);
    return d && (d.kind === 'sync' || d.kind === 'async' || d.kind === 'post') ? d : undefined;
  }

  /** Ops the guest builds stubs for (values excluded), in definition order. */
  guestManifest(): GuestOpManifest[] {
    this.manifestCache ??= this.definitions
      .filter((d): d is HostOp | GuestOp => d.kind !== 'value')
      .map((d) =>
        d.kind === 'guest'
          ? { name: d.name, kind: 'guest', source: d.source }
          : { name: d.name, kind: d.kind, ...(d.args.takesFunctions ? { fns: true } : {}) },
      );
    return this.manifestCache;
  }

  /** Global values for one script (computed when it loads). */
  values(ctx: Pick<OpContext, 'script' | 'node' | 'env' | 'config'>): GuestValueManifest[] {
    return this.definitions
      .filter((d): d is ValueDef => d.kind === 'value')
      .map((d) => ({ name: d.name, value: d.value(ctx), bareGlobals: d.bareGlobals ?? false }));
  }

  /** Top-level names the catalog defines (namespaces, global functions, values). */
  topLevelNames(): string[] {
    return [...new Set(this.definitions.map((d) => d.name.split('.')[0]))];
  }
}

function validate(d: OpDefinition): void {
  const bad = (what: string) => {
    throw new OpCatalogError('ERR_OP_INVALID', `helper "${(d as { name?: string }).name ?? '?'}": ${what}`, 'see helpers/define-op.ts for the definition shape');
  };
  if (typeof d.name !== 'string' || !NAME.test(d.name)) bad('name must be dotted identifiers, e.g. "console.log"');
  if (!KINDS.has(d.kind)) bad(`unknown kind "${String(d.kind)}"`);
  if (typeof d.doc !== 'string' || !d.doc.trim()) bad('doc is required');
  if (typeof d.signature !== 'string' || !/^[(<]/.test(d.signature)) bad('signature must look like "(a: string): void"');
  if (d.kind === 'guest' && (typeof d.source !== 'string' || !/^\s*function\b/.test(d.source))) bad('guest source must be a function expression');
  if ((d.kind === 'sync' || d.kind === 'async' || d.kind === 'post') && (typeof d.run !== 'function' || !d.args)) bad('run and args are required');
  if (d.kind === 'value' && typeof d.value !== 'function') bad('value() is required');
}
