import test from 'ava';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError, defaultConfig, loadConfig, parseConfig, validateConfig, type WirehookConfig } from './config.ts';
import { envName } from './config/env-overrides.ts';
import { schema } from './config/schema.ts';
import { defaultLimits } from './sandbox/limits.ts';
import { tempDir } from './testing/capture.ts';

const codeOf = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    if (e instanceof ConfigError) return [e.code, e.path, e.message, e.hint];
    throw e;
  }
  return null;
};

test('defaults cover SCRIPT-API §6 and the documented type', (t) => {
  const c = defaultConfig();
  t.deepEqual(c.scripting.limits, { ...defaultLimits });
  t.is(c.scripting.active, null);
  t.deepEqual(c.scripting.env, {});
  t.is(c.dataDir, '.wirehook');
  t.is(c.dashboard.bind, '127.0.0.1');
  t.is(c.dashboard.port, 8899);
  t.is(c.storage.limitMb, 2048);
  t.truthy(c.node.name);
  t.truthy(c.node.ip);
  const full: WirehookConfig = {
    node: { name: 'n', ip: '1.2.3.4' },
    dataDir: '/data',
    storage: { limitMb: 100, streams: { enabled: false, maxMb: 10, maxAgeMinutes: 5, segmentMb: 2, segmentSeconds: 10, pendingMb: 8 } },
    capture: { interfaces: ['eth0'], filter: 'tcp', snaplen: 1500, producer: 'cap', bufferMb: 32, immediate: true, targeting: { namespaces: ['shop'], podRegex: '^web-' } },
    identity: { file: 'identity.yaml' },
    kubernetes: { enabled: true, kubeconfig: '/kube/config', context: 'prod', historyMinutes: 30 },
    hub: { address: 'ws://hub:8899', token: 'c', bufferItems: 100, bufferMb: 8, batchItems: 50, batchMs: 20, reconnectMaxMs: 1000, startWaitMs: 0, printConsole: true },
    itemStore: { memoryItems: 1000, memoryMb: 16, diskMb: 64, segmentMb: 4, maxAgeMinutes: 60 },
    maps: { bucketSeconds: 5, buckets: 100, maxPairsPerBucket: 500 },
    dashboard: { bind: '0.0.0.0', port: 9000, token: 't' },
    scripting: {
      env: { A: 1 },
      source: 'scripts',
      sources: ['more'],
      active: ['x'],
      limits: { ...defaultLimits },
      overrides: { x: { timeoutMs: 1000 } },
      batchSize: 128,
      jobs: { jitterMs: 10 },
    },
    recording: {
      local: { folder: '/rec' },
      s3: { bucket: 'b', region: 'r', endpoint: 'http://127.0.0.1:9000', accessKeyId: 'k', secretAccessKey: 's', forcePathStyle: true },
      gcs: { bucket: 'g', key: '{}', endpoint: '' },
      spool: { maxMb: 50, retryInitialMs: 100, retryMaxMs: 1000 },
      cutMinutes: 30,
      schedules: { nightly: { filter: 'http', start: '2026-01-01T02:00:00Z', duration: '1h', iterations: 7, cron: '', expiration: '', destination: 's3', prefix: 'rec/' } },
    },
    metrics: { scriptSeriesLimit: 50, scriptSeriesTtlSec: 60 },
    vendor: { timeoutMs: 2000, maxResponseBytes: 4096, callsPerMinute: 10, slackApiUrl: 'http://127.0.0.1:1/api' },
  };
  t.deepEqual(validateConfig(full), full, 'every key of the type is in the schema');
  t.deepEqual(Object.keys(c).sort(), Object.keys(full).sort(), 'every key of the schema is in the type');
});

test('a YAML file: values kept, env keeps JSON types, per-script overrides partial', (t) => {
  const c = parseConfig(`
node: { name: worker-7 }
scripting:
  env:
    SLACK_WEBHOOK: https://hooks.slack.com/x
    LIMIT: 5
    FLAGS: { on: true }
  source: ./scripts
  active: [Alerts, dns.js]
  limits: { memoryMb: 128 }
  overrides:
    Alerts: { timeoutMs: 1000 }
recording:
  s3: { bucket: pcaps, region: us-east-1, forcePathStyle: true }
`);
  t.is(c.node.name, 'worker-7');
  t.deepEqual(c.scripting.env, { SLACK_WEBHOOK: 'https://hooks.slack.com/x', LIMIT: 5, FLAGS: { on: true } });
  t.deepEqual(c.scripting.active, ['Alerts', 'dns.js']);
  t.is(c.scripting.limits.memoryMb, 128);
  t.is(c.scripting.limits.timeoutMs, 200);
  t.deepEqual(c.scripting.overrides, { Alerts: { timeoutMs: 1000 } });
  t.is(c.recording.s3.bucket, 'pcaps');
  t.true(c.recording.s3.forcePathStyle);
  t.is(c.recording.s3.endpoint, '');
});

test('coded errors with the key path and a hint', (t) => {
  t.deepEqual(codeOf(() => parseConfig('dashbord:\n  port: 1\n')), ['ERR_CONFIG_UNKNOWN_KEY', 'dashbord', 'dashbord: unknown key', `did you mean "dashboard"? known keys here: ${Object.keys(schema.fields).join(', ')} (in wirehook.yaml)`]);
  t.deepEqual(codeOf(() => parseConfig('scripting:\n  limits:\n    timeoutMs: fast\n')), ['ERR_CONFIG_TYPE', 'scripting.limits.timeoutMs', 'scripting.limits.timeoutMs: must be an integer, got string "fast"', 'fix wirehook.yaml']);
  t.deepEqual(codeOf(() => parseConfig('dashboard:\n  port: 70000\n'))?.slice(0, 3), ['ERR_CONFIG_RANGE', 'dashboard.port', 'dashboard.port: must be between 0 and 65535, got 70000']);
  t.deepEqual(codeOf(() => parseConfig('scripting:\n  overrides:\n    a: { timeoutMS: 5 }\n'))?.slice(0, 2), ['ERR_CONFIG_UNKNOWN_KEY', 'scripting.overrides.a.timeoutMS']);
  t.deepEqual(codeOf(() => parseConfig('scripting:\n  env: [1, 2]\n'))?.slice(0, 2), ['ERR_CONFIG_TYPE', 'scripting.env']);
  const parse = codeOf(() => parseConfig('scripting:\n  env: {a: 1\n', 'my.yaml'));
  t.is(parse?.[0], 'ERR_CONFIG_PARSE');
  t.regex(parse![2], /^my\.yaml:\d+:\d+: /);
});

test('WIREHOOK_* environment overrides, typed by the schema', (t) => {
  const env = {
    WIREHOOK_DASHBOARD_PORT: '9100',
    WIREHOOK_SCRIPTING_LIMITS_TIMEOUT_MS: '750',
    WIREHOOK_CAPTURE_INTERFACES: 'eth0, eth1',
    WIREHOOK_SCRIPTING_ENV_SLACK_URL: 'https://x',
    WIREHOOK_SCRIPTING_ENV_MAX: '10',
    WIREHOOK_RECORDING_S3_FORCE_PATH_STYLE: 'true',
    WIREHOOK_SCRIPTING_ACTIVE: 'a.js,Beta',
    WIREHOOK_UNRELATED: 'ignored',
  };
  const c = parseConfig('dashboard: { port: 1 }\n', 'wirehook.yaml', env);
  t.is(c.dashboard.port, 9100);
  t.is(c.scripting.limits.timeoutMs, 750);
  t.deepEqual(c.capture.interfaces, ['eth0', 'eth1']);
  t.deepEqual(c.scripting.env, { SLACK_URL: 'https://x', MAX: 10 });
  t.true(c.recording.s3.forcePathStyle);
  t.deepEqual(c.scripting.active, ['a.js', 'Beta']);
  t.is(envName(['recording', 's3', 'secretAccessKey']), 'WIREHOOK_RECORDING_S3_SECRET_ACCESS_KEY');
  t.deepEqual(codeOf(() => parseConfig('', 'x', { WIREHOOK_DASHBOARD_PORT: 'abc' }))?.slice(0, 3), ['ERR_CONFIG_TYPE', 'WIREHOOK_DASHBOARD_PORT', 'WIREHOOK_DASHBOARD_PORT: must be a number, got "abc"']);
});

test('loadConfig reads --config files; a missing file is ERR_CONFIG_NOT_FOUND', async (t) => {
  const { dir, cleanup } = await tempDir();
  const file = join(dir, 'wirehook.yaml');
  await writeFile(file, 'dataDir: /var/lib/wirehook\n');
  t.is((await loadConfig({ file, env: {} })).dataDir, '/var/lib/wirehook');
  t.is((await loadConfig({ env: { WIREHOOK_DATA_DIR: '/env' } })).dataDir, '/env');
  const e = await t.throwsAsync(loadConfig({ file: join(dir, 'missing.yaml') }), { instanceOf: ConfigError });
  t.is(e!.code, 'ERR_CONFIG_NOT_FOUND');
  t.is(e!.hint, 'check the --config path');
  await cleanup();
});
