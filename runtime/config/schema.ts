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

/** One scheduled recording (recording.schedules.<name>); runtime/recorder/recording-spec.ts documents the semantics. */
export const recordingScheduleSection = section('a scheduled recording', {
  filter: str('', 'KFL filter selecting the items (and their streams) to record ("" = everything)'),
  start: str('', 'first window start: RFC 3339 time or epoch ms ("" = when the node starts)'),
  duration: str('1h', 'window length as a Go duration (30m, 1h30m)'),
  iterations: int(1, 'daily windows: how many days the window repeats (when cron is "")', 1),
  cron: str('', 'window starts as a cron expression (overrides iterations)'),
  expiration: str('', 'no window starts after this RFC 3339 time or epoch ms ("" = none)'),
  destination: { kind: 'string', default: 'folder', enum: ['folder', 's3', 'gcs'], doc: 'where archives go (recording.local/s3/gcs)' },
  prefix: str('', 'key prefix inside the bucket or folder'),
});

export const schema: Section = section('wirehook.yaml', {
  node: section('identity of this node', {
    name: str('', 'node name scripts see (utils.nodeName()); default: the host name'),
    ip: str('', 'node IP shown on items; default: first non-internal IPv4 address'),
  }),
  dataDir: str('.wirehook', 'data directory: stream store, spool, files written by scripts'),
  storage: section('disk use', {
    limitMb: int(2048, 'data directory size limit, MB', 16),
    streams: section('stream store: raw packets by stream under <dataDir>/streams (pcap.path, pcap.snapshot, recordings)', {
      enabled: { kind: 'boolean', default: true, doc: 'record every flow\'s packets' },
      maxMb: int(1024, 'disk used by packet segments, MB; the oldest segments are evicted beyond it', 1),
      maxAgeMinutes: int(60, 'segments written longer ago than this are evicted, minutes', 1),
      segmentMb: int(32, 'size of one segment file, MB (at most a quarter of maxMb is used)', 1, 1024),
      segmentSeconds: int(60, 'a segment is closed after this many seconds', 1),
      pendingMb: int(64, 'packet bytes waiting for the disk before new packets are dropped (counted), MB', 1),
    }),
  }),
  capture: section('packet capture', {
    interfaces: { kind: 'strings', default: [], doc: 'interfaces to capture on (none = demo or --pcap)' },
    filter: str('', 'BPF capture filter'),
    snaplen: int(262144, 'bytes captured per packet', 64, 262144),
    producer: { kind: 'string', default: 'auto', enum: ['auto', 'tcpdump', 'cap'], doc: 'live capture producer (auto = tcpdump, the one that lost less in bench/live.bench.ts; the other is the fallback)' },
    bufferMb: int(64, 'kernel capture buffer per interface, MB', 1, 4096),
    immediate: { kind: 'boolean', default: false, doc: 'deliver packets at once (ms latency) instead of in buffered batches (higher peak rate)' },
    targeting: section('which flows are dissected into items (L4 statistics always cover all traffic)', {
      namespaces: { kind: 'strings', default: [], doc: 'dissect only flows with an endpoint pod in these namespaces (none = all)' },
      podRegex: str('', 'dissect only flows with an endpoint pod whose name matches this regular expression ("" = all)'),
    }),
  }),
  identity: section('endpoint identity without a cluster', {
    file: str('', 'static identity file (YAML or JSON: pods, services, endpointSlices, nodes, namespaces) for the demo and pcap replays'),
  }),
  kubernetes: section('Kubernetes identity (informers on pods, services, endpointslices, nodes, namespaces)', {
    enabled: { kind: 'boolean', default: false, doc: 'watch the Kubernetes API' },
    kubeconfig: str('', 'kubeconfig file ("" = in-cluster service account when running in a pod, else the default kubeconfig)'),
    context: str('', 'kubeconfig context ("" = current)'),
    historyMinutes: int(60, 'how long ended identities are kept for resolving older packets and nameResolutionHistory, minutes', 1),
  }),
  hub: section('cluster hub and worker link (runtime/cluster)', {
    address: str('', 'hub address for workers, e.g. ws://hub:8899 ("" = single machine)'),
    token: str('', 'cluster token workers present to the hub ("" = the hub accepts its dashboard token)'),
    bufferItems: int(20000, 'worker: items (and, separately, flow samples) kept while the hub is unreachable or slow; the oldest are dropped beyond it (counted)', 1),
    bufferMb: int(64, 'worker: serialised size kept per buffer, MB', 1, 4096),
    batchItems: int(500, 'worker: items per message to the hub', 1, 100000),
    batchMs: int(100, 'worker: longest wait before a partial batch is sent, ms', 1, 60000),
    reconnectMaxMs: int(5000, 'worker: longest back-off between reconnect attempts, ms', 100, 600000),
    startWaitMs: int(10000, 'worker: how long a starting worker waits for the hub\'s scripts before it captures without them, ms', 0, 600000),
    printConsole: { kind: 'boolean', default: false, doc: 'hub and worker: also print script console lines to stdout as "[script] line" (kubectl logs)' },
  }),
  itemStore: section('items kept for the dashboard and API (single and hub nodes)', {
    memoryItems: int(50000, 'newest items kept in memory', 100),
    memoryMb: int(256, 'serialised size of the items kept in memory, MB', 1),
    diskMb: int(1024, 'on-disk item segments under <dataDir>/items, MB (0 = memory only)'),
    segmentMb: int(16, 'size of one on-disk segment, MB', 1, 1024),
    maxAgeMinutes: int(1440, 'on-disk segments older than this are deleted, minutes', 1),
  }),
  maps: section('L4/L7 service map aggregation', {
    bucketSeconds: int(10, 'aggregation bucket, seconds of packet time', 1, 3600),
    buckets: int(360, 'buckets kept (the longest window is bucketSeconds × buckets)', 1, 100000),
    maxPairsPerBucket: int(20000, 'endpoint pairs per bucket and map before new pairs are dropped (counted)', 100),
  }),
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
    spool: section('local spool every archive goes through before upload (<dataDir>/spool)', {
      maxMb: int(1024, 'spooled archives waiting for upload, MB; when full, recordings stop collecting (counted) and nothing unsent is deleted', 1),
      retryInitialMs: int(1000, 'delay before the first retry of a failed upload, ms (doubles per failure)', 10),
      retryMaxMs: int(300000, 'longest delay between retries, ms', 10),
    }),
    cutMinutes: int(60, 'an open recording window is also archived and uploaded every this many minutes', 1),
    schedules: { kind: 'section-map', of: recordingScheduleSection, doc: 'scheduled recordings by name' },
  }),
  metrics: section('Prometheus metrics of scripts (prometheus.*)', {
    scriptSeriesLimit: int(10000, 'series one script may hold; more are dropped and counted', 1),
    scriptSeriesTtlSec: int(600, 'a series not updated for this long is removed, seconds (0 = never)'),
  }),
  vendor: section('alert and export helpers (vendor.webhook, slack, slackBot, influxdb, elastic)', {
    timeoutMs: int(10000, 'time limit of one call, ms', 100, 600000),
    maxResponseBytes: int(1048576, 'response bytes kept; longer responses are truncated', 1024),
    callsPerMinute: int(120, 'calls one script may make per minute; more throw', 1),
    slackApiUrl: str('https://slack.com/api', 'Slack Web API base URL (vendor.slackBot)'),
  }),
});
