/**
 * Host side of the guest prelude: the source (the `guest/*.js` parts, concatenated in name
 * order into one strict function body) and the manifest it is evaluated with.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { GuestOpManifest, GuestValueManifest, OpCatalog } from '../../helpers/catalog.ts';
import type { OpContext } from '../../helpers/define-op.ts';
import { hookNames } from '../hooks.ts';
import type { ScriptLimits } from './limits.ts';

/** Limits the guest enforces itself (the host enforces time and memory). */
export interface GuestLimits {
  /** Helper calls allowed per hook call. */
  opsPerCall: number;
  maxConsecutiveFailures: number;
  /** Characters per console line before it is cut. */
  maxLineLength: number;
  /** Queued console lines / characters that force a flush to the host. */
  postFlushLines: number;
  postFlushChars: number;
}

export interface GuestManifest {
  /** File name user code is compiled with; error locations are looked up by it. */
  filename: string;
  hooks: string[];
  ops: GuestOpManifest[];
  values: GuestValueManifest[];
  limits: GuestLimits;
  /** Replace Date with the host clock's time (offline runs). */
  virtualTime: boolean;
  /** The script reads Go-style names: give hot-hook items the Go-style prototype. */
  goStyle: boolean;
  /** Count calls that return after their limit as timeouts (live; offline output must not depend on load). */
  softTimeouts: boolean;
}

let source: string | undefined;

/** The prelude function body (cached). */
export function preludeSource(): string {
  if (source === undefined) {
    const dir = new URL('./guest/', import.meta.url);
    const parts = readdirSync(dir)
      .filter((f) => f.endsWith('.js'))
      .sort()
      .map((f) => `// --- ${f}\n` + readFileSync(new URL(f, dir), 'utf8'));
    source = `'use strict';\n${parts.join('\n')}`;
  }
  return source;
}

/** Console output queued in the guest is flushed to the host at this many lines / characters. */
const POST_FLUSH_LINES = 256;
const POST_FLUSH_CHARS = 256 * 1024;

/** The manifest of one script: the catalog's ops, its values for this script, its limits. */
export function scriptManifest(o: {
  filename: string;
  catalog: OpCatalog;
  ctx: Pick<OpContext, 'script' | 'node' | 'env' | 'config'>;
  limits: ScriptLimits;
  virtualTime: boolean;
  goStyle: boolean;
  softTimeouts: boolean;
}): Omit<GuestManifest, 'hooks'> {
  return {
    filename: o.filename,
    ops: o.catalog.guestManifest(),
    values: o.catalog.values(o.ctx),
    limits: {
      opsPerCall: o.limits.opsPerCall,
      maxConsecutiveFailures: o.limits.maxConsecutiveFailures,
      maxLineLength: o.limits.maxLineLength,
      postFlushLines: POST_FLUSH_LINES,
      postFlushChars: POST_FLUSH_CHARS,
    },
    virtualTime: o.virtualTime,
    goStyle: o.goStyle,
    softTimeouts: o.softTimeouts,
  };
}

export function buildManifest(m: Omit<GuestManifest, 'hooks'>): string {
  const full: GuestManifest = { ...m, hooks: hookNames };
  return JSON.stringify(full);
}

/** A file name safe to compile with: no path separators or ':' (locations are parsed by it). */
export function scriptFilename(id: string): string {
  const base = id.replace(/[\\/:\s]+/g, '_').replace(/^_+/, '') || 'script';
  return base.endsWith('.js') ? base : `${base}.js`;
}
