/**
 * The configuration schema: every key of wirehook.yaml with its type, default, bounds and
 * one line of documentation. Validation (validate.ts), environment overrides
 * (env-overrides.ts) and the defaults derive from it; `WirehookConfig` (config.ts) is the
 * documented typed shape and is checked against it at compile time.
 */
import { defaultLimits, type ScriptLimits } from '../sandbox/limits.ts';

export type Field =
  | { kind: 'string'; default: string; doc: string; enum?: readonly string[] }
  | { kind: 'number'; default: number; doc: string; min?: number; max?: number; integer?: boolean }
  | { kind: 'boolean'; default: boolean; doc: string }
  | { kind: 'strings'; default: readonly string[]; doc: string }
  /** null = not set (e.g. scripting.active: all scripts active). */
  | { kind: 'strings-or-null'; default: null; doc: string }
  /** Map of any JSON values (scripting.env). */
  | { kind: 'json-map'; doc: string }
  /** Map of name → partial section (scripting.overrides). */
  | { kind: 'section-map'; of: Section; doc: string }
  | Section;

export interface Section {
  kind: 'section';
  doc: string;
  fields: Record<string, Field>;
}

const str = (def: string, doc: string): Field => ({ kind: 'string', default: def, doc });
const int = (def: number, doc: string, min = 0, max = Number.MAX_SAFE_INTEGER): Field => ({ kind: 'number', integer: true, default: def, doc, min, max });
const section = (doc: string, fields: Record<string, Field>): Section => ({ kind: 'section', doc, fields });

const limitDocs: Record<keyof ScriptLimits, [string, number]> = {
  memoryMb: ['isolate heap limit per script, MB', 8],
  timeoutMs: ['time per hook call, ms (time waiting for helpers not counted)', 1],
  jobTimeoutMs: ['time per job or timer run, ms', 1],
  loadTimeoutMs: ['time for top-level code, ms', 1],
  queue: ['batches waiting per script before new ones are dropped', 1],
  maxConsecutiveFailures: ['failed hook calls in a row before quarantine', 1],
  opsPerCall: ['helper calls allowed in one hook call', 1],
  consoleLines: ['console lines kept per script', 10],
  maxLineLength: ['characters per console line', 80],
  maxTimers: ['pending timers per script', 1],
  maxJobs: ['jobs per script', 1],
};

export const limitsSection = section(
  'per-script limits',
  Object.fromEntries(Object.entries(limitDocs).map(([k, [doc, min]]) => [k, int(defaultLimits[k as keyof ScriptLimits], doc, min)])),
);

export const schema: Section = section('wirehook.yaml', {
  node: section('identity of this node', {
    name: str('', 'node name scripts see (utils.nodeName()); default: the host name'),
    ip: str('', 'node IP shown on items; default: first non-internal IPv4 address'),
  }),
  dataDir: str('.wirehook', 'data directory: stream store, spool, files written by scripts'),
  storage: section('disk use', { limitMb: int(2048, 'data directory size limit, MB', 16) }),
  capture: section('packet capture', {
    interfaces: { kind: 'strings', default: [], doc: 'interfaces to capture on (none = demo or --pcap)' },
    filter: str('', 'BPF capture filter'),
    snaplen: int(262144, 'bytes captured per packet', 64, 262144),
  }),
  hub: section('cluster hub', { address: str('', 'hub address for workers, e.g. ws://hub:8899 ("" = single machine)') }),
  dashboard: section('dashboard, API and /metrics', {
    bind: str('127.0.0.1', 'bind address'),
    port: int(8899, 'port', 0, 65535),
    token: str('', 'bearer token required for mutations ("" = generated at start)'),
  }),
  scripting: section('scripts', {
    env: { kind: 'json-map', doc: 'values scripts read as env.KEY (and as bare globals), JSON types kept' },
    source: str('', 'folder of .js scripts (watched)'),
    sources: { kind: 'strings', default: [], doc: 'more folders of scripts (watched)' },
    active: { kind: 'strings-or-null', default: null, doc: 'titles or ids of the scripts that run (unset = all)' },
    limits: limitsSection,
    overrides: { kind: 'section-map', of: limitsSection, doc: 'limits per script title or id' },
    batchSize: int(256, 'items per batch handed to scripts', 1, 65536),
    jobs: section('job scheduler', { jitterMs: int(0, 'random delay added to each job run, ms') }),
  }),
  recording: section('recording destinations', {
    local: section('local folder', { folder: str('', 'folder recordings are copied to') }),
    s3: section('S3 or S3-compatible store', {
      bucket: str('', 'bucket'),
      region: str('', 'region'),
      endpoint: str('', 'endpoint URL for S3-compatible stores ("" = AWS)'),
      accessKeyId: str('', 'access key id ("" = default AWS credential chain)'),
      secretAccessKey: str('', 'secret access key'),
      forcePathStyle: { kind: 'boolean', default: false, doc: 'path-style URLs (most S3-compatible stores)' },
    }),
    gcs: section('Google Cloud Storage', {
      bucket: str('', 'bucket'),
      key: str('', 'service-account key: JSON text or a file path'),
      endpoint: str('', 'API endpoint override (emulators)'),
    }),
  }),
});
