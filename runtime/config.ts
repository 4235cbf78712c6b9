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
    /** Stream store (capture/store): every flow's raw packets in rolling segments under `<dataDir>/streams`. */
    streams: {
      /** Default true. */
      enabled: boolean;
      /** Disk used by segments, MB; oldest segments are evicted beyond it. Default 1024. */
      maxMb: number;
      /** Segments written longer ago are evicted, minutes. Default 60. */
      maxAgeMinutes: number;
      /** One segment file, MB (capped at maxMb / 4). Default 32. */
      segmentMb: number;
      /** A segment is closed after this many seconds. Default 60. */
      segmentSeconds: number;
      /** Packet bytes waiting for the disk before new packets are dropped (counted), MB. Default 64. */
      pendingMb: number;
    };
  };
  capture: {
    /** Interfaces to capture on live. Default none (demo, or --pcap). */
    interfaces: string[];
    /** BPF capture filter. Default "". */
    filter: string;
    /** Bytes captured per packet. Default 262144. */
    snaplen: number;
    /** Live capture producer: 'auto' (tcpdump, the one that lost less in bench/live.bench.ts), 'tcpdump' or 'cap'; the other is the fallback. */
    producer: 'auto' | 'tcpdump' | 'cap';
    /** Kernel capture buffer per interface, MB. Default 64. */
    bufferMb: number;
    /** Deliver packets at once (~ms latency) instead of in buffered batches (higher peak rate). Default false. */
    immediate: boolean;
    /** Capture targeting: which flows are dissected into items; L4 flow statistics always cover all traffic. */
    targeting: {
      /** Dissect only flows with an endpoint pod in these namespaces. Default none (all). */
      namespaces: string[];
      /** Dissect only flows with an endpoint pod whose name matches this regular expression. Default "" (all). */
      podRegex: string;
    };
  };
  identity: {
    /** Static identity file (YAML/JSON: pods, services, endpointSlices, nodes, namespaces); "" = none. */
    file: string;
  };
  kubernetes: {
    /** Watch the Kubernetes API for identities. Default false. */
    enabled: boolean;
    /** Kubeconfig path; "" = in-cluster service account inside a pod, else the default kubeconfig. */
    kubeconfig: string;
    /** Kubeconfig context; "" = current. */
    context: string;
    /** How long ended identities are kept (older packets, nameResolutionHistory), minutes. Default 60. */
    historyMinutes: number;
  };
  hub: {
    /** Hub address for workers (ws://hub:8899); "" = single machine. */
    address: string;
    /** Cluster token workers present; "" = the hub accepts its dashboard token. */
    token: string;
    /** Worker: items (and, separately, flow samples) buffered while the hub is away or slow; oldest dropped beyond. Default 20000. */
    bufferItems: number;
    /** Worker: serialised size per buffer, MB. Default 64. */
    bufferMb: number;
    /** Worker: items per message. Default 500. */
    batchItems: number;
    /** Worker: longest wait before a partial batch is sent, ms. Default 100. */
    batchMs: number;
    /** Worker: longest reconnect back-off, ms. Default 5000. */
    reconnectMaxMs: number;
    /** Worker: wait for the hub's scripts before capturing, ms (0 = no wait). Default 10000. */
    startWaitMs: number;
    /** Hub and worker: print script console lines to stdout. Default false. */
    printConsole: boolean;
  };
  itemStore: {
    /** Newest items kept in memory. Default 50000. */
    memoryItems: number;
    /** Serialised (JSON) size of the items kept in memory, MB. Default 256. */
    memoryMb: number;
    /** On-disk segments under `<dataDir>/items`, MB; 0 = memory only. Default 1024. */
    diskMb: number;
    /** Size of one on-disk segment, MB. Default 16. */
    segmentMb: number;
    /** Segments last written longer ago than this are deleted, minutes. Default 1440. */
    maxAgeMinutes: number;
  };
  maps: {
    /** Aggregation bucket of the L4/L7 maps, seconds of packet time. Default 10. */
    bucketSeconds: number;
    /** Buckets kept; the longest window is bucketSeconds × buckets. Default 360 (1 h). */
    buckets: number;
    /** Endpoint pairs per bucket and map; further new pairs are dropped and counted. Default 20000. */
    maxPairsPerBucket: number;
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
    /** Local spool (`<dataDir>/spool`) archives wait in until their upload is confirmed. */
    spool: {
      /** MB of archives waiting; when full, recordings stop collecting (counted, logged); unsent archives are never deleted. Default 1024. */
      maxMb: number;
      /** First retry delay of a failed upload, ms, doubling per failure. Default 1000. */
      retryInitialMs: number;
      /** Longest retry delay, ms. Default 300000. */
      retryMaxMs: number;
    };
    /** Open recording windows are also archived every this many minutes. Default 60. */
    cutMinutes: number;
    /** Scheduled recordings by name (only the keys given; see RecordingScheduleConfig). */
    schedules: Record<string, Partial<RecordingScheduleConfig>>;
  };
  metrics: {
    /** Series one script may hold in its prometheus.* metrics; more are dropped and counted. Default 10000. */
    scriptSeriesLimit: number;
    /** A script metric series not updated for this long is removed, seconds (0 = never). Default 600. */
    scriptSeriesTtlSec: number;
  };
  vendor: {
    /** Time limit of one vendor.* call (webhook, Slack, InfluxDB, Elastic), ms. Default 10000. */
    timeoutMs: number;
    /** Response bytes kept; longer responses are truncated (with a console note). Default 1048576. */
    maxResponseBytes: number;
    /** vendor.* calls one script may make per minute; more throw. Default 120. */
    callsPerMinute: number;
    /** Slack Web API base URL (vendor.slackBot). Default "https://slack.com/api". */
    slackApiUrl: string;
  };
}

/** A scheduled recording in wirehook.yaml (`recording.schedules.<name>`); see runtime/recorder/recording-spec.ts. */
export interface RecordingScheduleConfig {
  /** KFL filter of the recorded items ("" = all). */
  filter: string;
  /** First window start: RFC 3339 or epoch ms; "" = when the node starts. */
  start: string;
  /** Window length, Go duration. Default "1h". */
  duration: string;
  /** Daily windows: days the window repeats (when cron is ""). Default 1. */
  iterations: number;
  /** Window starts as a cron expression; overrides iterations. */
  cron: string;
  /** No window starts after this time (RFC 3339 or epoch ms); "" = none. */
  expiration: string;
  /** 'folder' | 's3' | 'gcs' (from recording.local/s3/gcs). Default 'folder'. */
  destination: 'folder' | 's3' | 'gcs';
  /** Key prefix in the bucket or folder. */
  prefix: string;
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
