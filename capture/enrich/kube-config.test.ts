import test from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { K8sListWatchServer } from '../testing/k8s-api-server.ts';
import { KubeConfigError, loadKubeConfig } from './kube-config.ts';

test('a kubeconfig file, its context, and coded errors for a missing file or context', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'wh-kc-'));
  const api = await K8sListWatchServer.start();
  try {
    const file = await api.kubeconfig(dir);
    const kc = loadKubeConfig({ kubeconfig: file, context: 'loopback' });
    t.is(kc.getCurrentCluster()?.server, api.url);
    t.true(kc.getCurrentCluster()?.skipTLSVerify);

    const missing = t.throws(() => loadKubeConfig({ kubeconfig: path.join(dir, 'nope'), context: '' }), { instanceOf: KubeConfigError });
    t.is(missing!.code, 'ERR_KUBE_CONFIG');
    t.regex(missing!.hint, /kubernetes.kubeconfig/);
    const ctx = t.throws(() => loadKubeConfig({ kubeconfig: file, context: 'prod' }), { instanceOf: KubeConfigError });
    t.regex(ctx!.message, /no context 'prod'/);
    t.regex(ctx!.hint, /loopback/);
  } finally {
    await api.close();
    await rm(dir, { recursive: true, force: true });
  }
});
