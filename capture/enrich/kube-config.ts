/**
 * Where the Kubernetes API is (config `kubernetes.*`): an explicit kubeconfig file; else
 * the in-cluster service account when running in a pod (KUBERNETES_SERVICE_HOST set);
 * else the default kubeconfig ($KUBECONFIG or ~/.kube/config). `context` selects a
 * kubeconfig context. Errors are coded ERR_KUBE_CONFIG with a hint.
 *
 * client-node 1.4.0 refuses plain http:// servers unless the cluster entry sets
 * `insecure-skip-tls-verify: true` (loopback test servers do).
 */
import { KubeConfig } from '@kubernetes/client-node';

export class KubeConfigError extends Error {
  readonly code = 'ERR_KUBE_CONFIG';
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

export interface KubeConfigOptions {
  kubeconfig: string;
  context: string;
}

export function loadKubeConfig(o: KubeConfigOptions, env: NodeJS.ProcessEnv = process.env): KubeConfig {
  const kc = new KubeConfig();
  let where: string;
  try {
    if (o.kubeconfig) {
      where = o.kubeconfig;
      kc.loadFromFile(o.kubeconfig);
    } else if (env.KUBERNETES_SERVICE_HOST) {
      where = 'the in-cluster service account';
      kc.loadFromCluster();
    } else {
      where = env.KUBECONFIG || '~/.kube/config';
      kc.loadFromDefault();
    }
    if (o.context) kc.setCurrentContext(o.context);
  } catch (e) {
    throw new KubeConfigError(`cannot load the Kubernetes configuration: ${(e as Error).message}`, 'set kubernetes.kubeconfig to a readable kubeconfig, or run inside a pod with a service account');
  }
  if (o.context && !kc.getContexts().some((c) => c.name === o.context)) {
    throw new KubeConfigError(`no context '${o.context}' in ${where}`, `use one of: ${kc.getContexts().map((c) => c.name).join(', ') || '(none)'}`);
  }
  if (!kc.getCurrentCluster()) {
    throw new KubeConfigError(`no Kubernetes cluster configured in ${where}`, 'set kubernetes.kubeconfig (and kubernetes.context), or disable kubernetes.enabled');
  }
  return kc;
}
