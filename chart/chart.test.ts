/**
 * The Helm chart: `helm lint --strict` and `helm template` (helm v4 fetched with npm, see
 * testing/chart-tools.ts), every rendered manifest validated against the Kubernetes schemas
 * (kubernetes-models), the security-relevant settings asserted, and the rendered
 * wirehook.yaml files and env Secret read back through Wirehook's own config loader.
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { parseAllDocuments, stringify } from 'yaml';
import { parseConfig } from '../runtime/config.ts';
import { helmBinary, modelFor } from './testing/chart-tools.ts';

const run = promisify(execFile);
const CHART = path.dirname(fileURLToPath(import.meta.url));
type Obj = Record<string, any>;

let helm = '';
let model: Awaited<ReturnType<typeof modelFor>>;
let tmp = '';
test.before(async () => {
  [helm, model] = await Promise.all([helmBinary(), modelFor()]);
  tmp = await mkdtemp(path.join(os.tmpdir(), 'wh-chart-'));
});

async function valuesFile(values: Obj): Promise<string> {
  const file = path.join(tmp, `values-${Math.random().toString(36).slice(2)}.yaml`);
  await writeFile(file, stringify(values));
  return file;
}

async function render(values: Obj = {}): Promise<Obj[]> {
  const { stdout } = await run(helm, ['template', 'wh', CHART, '--namespace', 'observability', '-f', await valuesFile(values)], { maxBuffer: 16 << 20 });
  return parseAllDocuments(stdout)
    .map((d) => d.toJS() as Obj | null)
    .filter((o): o is Obj => o !== null);
}

const find = (docs: Obj[], kind: string, name: string) => {
  const o = docs.find((d) => d.kind === kind && d.metadata.name === name);
  if (!o) throw new Error(`no ${kind} ${name} in ${docs.map((d) => `${d.kind}/${d.metadata.name}`).join(', ')}`);
  return o;
};

const FULL: Obj = {
  config: { scripting: { limits: { memoryMb: 64 } }, hub: { bufferItems: 5000 } },
  scripts: { 'status.js': '// Status\nfunction onItemCaptured(d) {}', 'slow-calls.js': '// Slow\nvar n = 0;' },
  scriptingEnv: { SLACK_WEBHOOK: 'https://hooks.example/x', LIMIT: 5, FLAGS: { enabled: true } },
  auth: { dashboardToken: 'dash-token-0123456789', clusterToken: 'cluster-token-0123456789' },
  metrics: { serviceMonitor: { enabled: true, labels: { release: 'prometheus' } } },
  worker: { dataVolume: { type: 'hostPath' }, interfaces: ['eth0', 'eth1'], captureFilter: 'not port 22', extraArgs: ['--console'] },
  hub: { persistence: { existingClaim: 'wirehook-data' } },
};

test('helm lint --strict passes with the defaults and with every option set', async (t) => {
  for (const values of [{}, FULL, { worker: { runAsRoot: true }, auth: { existingSecret: 'mine' }, rbac: { create: false }, serviceAccount: { create: false, name: 'sa' } }]) {
    const { stdout } = await run(helm, ['lint', '--strict', CHART, '-f', await valuesFile(values)]);
    t.regex(stdout, /1 chart\(s\) linted, 0 chart\(s\) failed/);
  }
});

test('every rendered manifest validates against the Kubernetes schemas', async (t) => {
  for (const values of [{}, FULL]) {
    const docs = await render(values);
    t.true(docs.length >= 10);
    for (const d of docs) {
      const M = model(d.apiVersion, d.kind);
      if (d.kind === 'ServiceMonitor') continue;
      t.truthy(M, `kubernetes-models has ${d.apiVersion} ${d.kind}`);
      t.notThrows(() => new M!(d).validate(), `${d.kind}/${d.metadata.name}`);
    }
  }
  const bad = find(await render(), 'DaemonSet', 'wh-wirehook-worker');
  bad.spec.template.spec.containers[0].ports[0].containerPort = 'eight';
  t.throws(() => new (model('apps/v1', 'DaemonSet')!)(bad).validate(), { message: /containerPort must be integer/ }, 'the validator does reject broken manifests');
});

test('worker DaemonSet: host network, NET_RAW/NET_ADMIN only, non-root by default, every node, hub address', async (t) => {
  const ds = find(await render(), 'DaemonSet', 'wh-wirehook-worker');
  const pod = ds.spec.template.spec;
  const c = pod.containers[0];
  t.true(pod.hostNetwork);
  t.is(pod.dnsPolicy, 'ClusterFirstWithHostNet');
  t.false(pod.hostPID);
  t.deepEqual(c.securityContext.capabilities, { drop: ['ALL'], add: ['NET_RAW', 'NET_ADMIN'] });
  t.like(c.securityContext, { runAsNonRoot: true, runAsUser: 1000, readOnlyRootFilesystem: true });
  t.deepEqual(pod.tolerations, [{ operator: 'Exists' }]);
  t.deepEqual(c.args.slice(0, 7), ['worker', '--config=/etc/wirehook/wirehook.yaml', '--hub=ws://wh-wirehook-hub.observability.svc:8899', '--port=8897', '--bind=0.0.0.0', '--data=/data', '--interface=any']);
  t.deepEqual(
    c.env.find((e: Obj) => e.name === 'WIREHOOK_HUB_TOKEN').valueFrom,
    { secretKeyRef: { name: 'wh-wirehook-auth', key: 'WIREHOOK_HUB_TOKEN' } },
  );
  t.false(c.env.some((e: Obj) => e.name === 'WIREHOOK_DASHBOARD_TOKEN'), 'workers never get the dashboard token');
  t.like(c.resources, { requests: { cpu: '200m', memory: '256Mi' }, limits: { memory: '1Gi' } });
  t.like(pod.volumes.find((v: Obj) => v.name === 'data'), { emptyDir: { sizeLimit: '2Gi' } });
  t.is(pod.initContainers, undefined);

  const root = find(await render({ worker: { runAsRoot: true, dataVolume: { type: 'hostPath' } } }), 'DaemonSet', 'wh-wirehook-worker').spec.template.spec;
  t.like(root.containers[0].securityContext, { runAsUser: 0, allowPrivilegeEscalation: false });
  t.like(root.volumes.find((v: Obj) => v.name === 'data'), { hostPath: { path: '/var/lib/wirehook', type: 'DirectoryOrCreate' } });
  const hostPath = find(await render(FULL), 'DaemonSet', 'wh-wirehook-worker').spec.template.spec;
  t.deepEqual(hostPath.initContainers[0].command, ['chown', '1000:1000', '/data']);
  t.true(hostPath.containers[0].args.includes('--interface=eth1') && hostPath.containers[0].args.includes('--filter=not port 22'));
});

test('hub Deployment and Service: non-root, read-only root, no capabilities, one replica, probes', async (t) => {
  const docs = await render();
  const dep = find(docs, 'Deployment', 'wh-wirehook-hub');
  const pod = dep.spec.template.spec;
  const c = pod.containers[0];
  t.is(dep.spec.replicas, 1);
  t.is(dep.spec.strategy.type, 'Recreate');
  t.like(pod.securityContext, { runAsNonRoot: true, runAsUser: 1000, fsGroup: 1000 });
  t.deepEqual(c.securityContext, { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
  t.true(c.args.includes('--bind=0.0.0.0') && c.args.includes('--console'));
  t.deepEqual(c.envFrom, [{ secretRef: { name: 'wh-wirehook-auth' } }, { secretRef: { name: 'wh-wirehook-env' } }]);
  t.is(c.readinessProbe.httpGet.path, '/healthz');
  const svc = find(docs, 'Service', 'wh-wirehook-hub');
  t.deepEqual(svc.spec.ports, [{ name: 'http', port: 8899, targetPort: 'http', protocol: 'TCP' }]);
  t.is(svc.spec.type, 'ClusterIP');
  t.like(find(await render(FULL), 'Deployment', 'wh-wirehook-hub').spec.template.spec.volumes.find((v: Obj) => v.name === 'data'), {
    persistentVolumeClaim: { claimName: 'wirehook-data' },
  });
});

test('RBAC: read-only (get/list/watch) on pods, services, endpointslices, nodes, namespaces, bound to the ServiceAccount', async (t) => {
  const docs = await render();
  const role = find(docs, 'ClusterRole', 'wh-wirehook');
  const granted = role.rules.flatMap((r: Obj) => r.resources.map((res: string) => `${r.apiGroups[0] || 'core'}/${res}`)).sort();
  t.deepEqual(granted, ['core/namespaces', 'core/nodes', 'core/pods', 'core/services', 'discovery.k8s.io/endpointslices']);
  t.true(role.rules.every((r: Obj) => JSON.stringify(r.verbs) === '["get","list","watch"]'));
  const binding = find(docs, 'ClusterRoleBinding', 'wh-wirehook');
  t.deepEqual(binding.subjects, [{ kind: 'ServiceAccount', name: 'wh-wirehook', namespace: 'observability' }]);
  t.is(binding.roleRef.name, 'wh-wirehook');
  for (const kind of ['Deployment', 'DaemonSet']) t.true(docs.filter((d) => d.kind === kind).every((d) => d.spec.template.spec.serviceAccountName === 'wh-wirehook'));
  const none = await render({ rbac: { create: false } });
  t.false(none.some((d) => d.kind.startsWith('ClusterRole')));
});

test('metrics: Prometheus scrape annotations on both pods; the optional ServiceMonitor covers hub and workers', async (t) => {
  const docs = await render(FULL);
  const ann = (kind: string) => docs.find((d) => d.kind === kind)!.spec.template.metadata.annotations;
  t.like(ann('Deployment'), { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8899', 'prometheus.io/path': '/metrics' });
  t.like(ann('DaemonSet'), { 'prometheus.io/scrape': 'true', 'prometheus.io/port': '8897', 'prometheus.io/path': '/metrics' });
  const sm = find(docs, 'ServiceMonitor', 'wh-wirehook');
  t.is(sm.apiVersion, 'monitoring.coreos.com/v1');
  t.is(sm.metadata.labels.release, 'prometheus');
  t.deepEqual(sm.spec.endpoints.map((e: Obj) => [e.port, e.path]), [['http', '/metrics'], ['metrics', '/metrics']]);
  const selected = docs.filter((d) => d.kind === 'Service' && Object.entries(sm.spec.selector.matchLabels).every(([k, v]) => d.metadata.labels[k] === v));
  t.deepEqual(selected.map((s) => s.spec.ports[0].name).sort(), ['http', 'metrics']);
  t.false((await render()).some((d) => d.kind === 'ServiceMonitor'), 'off by default');
  const quiet = await render({ metrics: { scrapeAnnotations: false } });
  t.false('prometheus.io/scrape' in (quiet.find((d) => d.kind === 'DaemonSet')!.spec.template.metadata.annotations ?? {}));
});

test('config, scripts and env: the rendered wirehook.yaml files and env Secret load through Wirehook\'s own config', async (t) => {
  const docs = await render(FULL);
  const cm = find(docs, 'ConfigMap', 'wh-wirehook-config').data;
  const hubConfig = parseConfig(cm['hub.yaml'], 'hub.yaml');
  t.deepEqual(hubConfig.scripting.sources, ['/etc/wirehook/scripts']);
  t.is(hubConfig.scripting.limits.memoryMb, 64);
  t.is(hubConfig.hub.bufferItems, 5000);
  t.deepEqual(parseConfig(cm['worker.yaml'], 'worker.yaml').scripting.sources, [], 'workers run what the hub pushes');
  t.deepEqual(find(docs, 'ConfigMap', 'wh-wirehook-scripts').data, FULL.scripts);
  const hub = find(docs, 'Deployment', 'wh-wirehook-hub').spec.template.spec;
  t.like(hub.volumes.find((v: Obj) => v.name === 'scripts'), { configMap: { name: 'wh-wirehook-scripts' } });
  const env = Object.fromEntries(Object.entries(find(docs, 'Secret', 'wh-wirehook-env').data as Record<string, string>).map(([k, v]) => [k, Buffer.from(v, 'base64').toString()]));
  const withEnv = parseConfig(cm['hub.yaml'], 'hub.yaml', env);
  t.deepEqual(withEnv.scripting.env, FULL.scriptingEnv, 'JSON types survive the Secret');
  const auth = find(docs, 'Secret', 'wh-wirehook-auth').data;
  t.is(Buffer.from(auth.WIREHOOK_DASHBOARD_TOKEN, 'base64').toString(), 'dash-token-0123456789');
  t.is(Buffer.from(auth.WIREHOOK_HUB_TOKEN, 'base64').toString(), 'cluster-token-0123456789');
});

test('tokens: generated when not given; an existing Secret replaces the chart\'s', async (t) => {
  const auth = find(await render(), 'Secret', 'wh-wirehook-auth').data;
  for (const k of ['WIREHOOK_DASHBOARD_TOKEN', 'WIREHOOK_HUB_TOKEN']) t.regex(Buffer.from(auth[k], 'base64').toString(), /^[A-Za-z0-9]{32}$/);
  const docs = await render({ auth: { existingSecret: 'my-tokens' } });
  t.false(docs.some((d) => d.kind === 'Secret' && d.metadata.name === 'wh-wirehook-auth'));
  const worker = find(docs, 'DaemonSet', 'wh-wirehook-worker').spec.template.spec.containers[0];
  t.is(worker.env.find((e: Obj) => e.name === 'WIREHOOK_HUB_TOKEN').valueFrom.secretKeyRef.name, 'my-tokens');
});

test('bad values fail the render with a message', async (t) => {
  const fail = async (values: Obj) => (await t.throwsAsync(render(values)))!.message;
  t.regex(await fail({ scripts: { '../evil.sh': 'x' } }), /is not a script file name/);
  t.regex(await fail({ scriptingEnv: { 'BAD-NAME': 1 } }), /is not a valid name/);
  t.regex(await fail({ worker: { dataVolume: { type: 'nfs' } } }), /worker.dataVolume.type must be emptyDir or hostPath/);
});

test('every top-level value is documented in chart/README.md', async (t) => {
  const readme = await readFile(path.join(CHART, 'README.md'), 'utf8');
  const values = (await readFile(path.join(CHART, 'values.yaml'), 'utf8')).match(/^[a-zA-Z]+(?=:)/gm)!;
  t.true(values.length > 8);
  for (const key of values) t.true(readme.includes(`\`${key}`), `README documents ${key}`);
});
