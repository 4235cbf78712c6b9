/**
 * Configuration (`wirehook.yaml`, `--config FILE`; SCRIPT-API.md §6). Load order: schema
 * defaults → the file → `WIREHOOK_*` environment variables (config/env-overrides.ts) →
 * explicit overrides from the command line. Errors are ConfigError with a code
 * (`ERR_CONFIG_*`), the key path and a hint. Every key, its default and bounds are in
 * config/schema.ts; this type is the documented shape other modules read.
 */
import { readFile } from 'node:fs/promises';
import { hostname, networkInterfaces } from 'node:os';
import { LineCounter, parseDocument } from 'yaml';
import { ConfigError } from './config/errors.ts';
import { applyEnvOverrides } from './config/env-overrides.ts';
import { schema } from './config/schema.ts';
import { applySection } from './config/validate.ts';
import type { ScriptLimits } from './sandbox/limits.ts';

export { ConfigError } from './config/errors.ts';

export interface WirehookConfig {
  node: {
    /** Name scripts see from utils.nodeName(). Default: the host name. */
    name: string;
    /** IP shown on items (`node.ip`). Default: first non-internal IPv4 address. */
    ip: string;
  };
  /** Data directory: stream store, spool, files written by scripts. Default ".wirehook". */
  dataDir: string;
  storage: {
    /** Size limit of the data directory, MB. Default 2048. */
    limitMb: number;
  };
  capture: {
    /** Interfaces to capture on live. Default none (demo, or --pcap). */
    interfaces: string[];
    /** BPF capture filter. Default "". */
    filter: string;
    /** Bytes captured per packet. Default 262144. */
    snaplen: number;
  };
  hub: {
    /** Hub address for workers (ws://hub:8899); "" = single machine. */
    address: string;
  };
  dashboard: {
    /** Bind address. Default 127.0.0.1. */
    bind: string;
    /** Dashboard/API/metrics port. Default 8899. */
    port: number;
    /** Bearer token for mutations; "" = generated at start. */
    token: string;
  };
  scripting: {
    /** Values scripts read as `env.KEY` (and as bare globals), JSON types kept. */
    env: Record<string, unknown>;
    /** Folder of .js scripts, watched. */
    source: string;
    /** More folders of scripts, watched. */
    sources: string[];
    /** Titles or ids of the scripts that run; null (unset) = all scripts. */
    active: string[] | null;
    limits: ScriptLimits;
    /** Limits per script title or id (only the keys given). */
    overrides: Record<string, Partial<ScriptLimits>>;
    /** Items per batch handed to scripts. Default 256. */
    batchSize: number;
    jobs: {
      /** Random delay in [0, jitterMs) added to each job run. Default 0. */
      jitterMs: number;
    };
  };
  recording: {
    local: { folder: string };
    s3: { bucket: string; region: string; endpoint: string; accessKeyId: string; secretAccessKey: string; forcePathStyle: boolean };
    gcs: {
      bucket: string;
      /** Service-account key: JSON text or a file path. */
      key: string;
      endpoint: string;
    };
  };
}

export interface LoadConfigOptions {
  /** wirehook.yaml path; absent = defaults + environment only. */
  file?: string;
  /** Environment for WIREHOOK_* overrides (default process.env). */
  env?: NodeJS.ProcessEnv;
}

/** Validates a parsed config object (file contents) and fills defaults. */
export function validateConfig(raw: unknown, source = 'the configuration', env: NodeJS.ProcessEnv = {}): WirehookConfig {
  const config = applySection(schema, raw, '', source) as unknown as WirehookConfig;
  applyEnvOverrides(config as unknown as Record<string, unknown>, schema, env);
  if (!config.node.name) config.node.name = hostname();
  if (!config.node.ip) config.node.ip = firstIpv4();
  return config;
}

/** Parses wirehook.yaml text. */
export function parseConfig(text: string, source = 'wirehook.yaml', env: NodeJS.ProcessEnv = {}): WirehookConfig {
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter: lines });
  if (doc.errors.length) {
    const e = doc.errors[0];
    const pos = lines.linePos(e.pos[0]);
    throw new ConfigError('ERR_CONFIG_PARSE', '', `${source}${pos ? `:${pos.line}:${pos.col}` : ''}: ${e.message.split('\n')[0]}`, 'fix the YAML syntax at that position');
  }
  return validateConfig(doc.toJS() ?? {}, source, env);
}

export async function loadConfig(o: LoadConfigOptions = {}): Promise<WirehookConfig> {
  const env = o.env ?? process.env;
  if (!o.file) return validateConfig({}, 'the defaults', env);
  let text: string;
  try {
    text = await readFile(o.file, 'utf8');
  } catch (e) {
    throw new ConfigError('ERR_CONFIG_NOT_FOUND', '', `cannot read ${o.file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'check the --config path');
  }
  return parseConfig(text, o.file, env);
}

/** The defaults (no file, no environment). */
export function defaultConfig(): WirehookConfig {
  return validateConfig({});
}

function firstIpv4(): string {
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  return '127.0.0.1';
}
