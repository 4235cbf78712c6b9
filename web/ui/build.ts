/**
 * Builds the dashboard into web/ui/dist/ (git-ignored), the folder the server serves:
 *
 *   dist/index.html                 (from web/ui/index.html, asset URLs versioned by hash)
 *   dist/assets/app.js, app.css     (esbuild bundle of src/main.tsx: Preact, CodeMirror, styles)
 *   dist/assets/elk-worker.min.js   (elkjs' Web Worker, copied as shipped)
 *
 * `npx tsx web/ui/build.ts` (or `npm run build:ui`) builds once; `ensureUiBuilt()` builds
 * only when dist is missing or older than any UI source (for the server's on-demand build
 * and the e2e tests). Script-API completions for the editor are derived here from
 * scripts/script-api.d.ts.
 */
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { loadScriptApiCompletions } from './script-api-completions.ts';

export const UI_ROOT = path.dirname(fileURLToPath(import.meta.url));
export const UI_DIST = path.join(UI_ROOT, 'dist');
const REPO = path.resolve(UI_ROOT, '../..');

export interface BuildOptions {
  outDir?: string;
  /** Default true. */
  minify?: boolean;
  sourcemap?: boolean;
}

export interface BuildResult {
  outDir: string;
  files: string[];
  ms: number;
  bytes: number;
}

/**
 * Build into a fresh folder beside `outDir`, then swap it in (a server reading the old
 * files sees old or new, never a half-written folder).
 */
export async function buildUi(o: BuildOptions = {}): Promise<BuildResult> {
  const t0 = performance.now();
  const finalDir = path.resolve(o.outDir ?? UI_DIST);
  const outDir = `${finalDir}.tmp-${process.pid}-${Date.now()}`;
  const assets = path.join(outDir, 'assets');
  await mkdir(assets, { recursive: true });
  try {
    const r = await buildInto(outDir, assets, o);
    const old = `${finalDir}.old-${process.pid}-${Date.now()}`;
    await rename(finalDir, old).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    await rename(outDir, finalDir);
    await rm(old, { recursive: true, force: true });
    return { ...r, outDir: finalDir, ms: performance.now() - t0 };
  } catch (e) {
    await rm(outDir, { recursive: true, force: true });
    throw e;
  }
}

async function buildInto(outDir: string, assets: string, o: BuildOptions): Promise<BuildResult> {
  const completions = await loadScriptApiCompletions(path.join(REPO, 'scripts/script-api.d.ts'));
  const result = await build({
    entryPoints: { app: path.join(UI_ROOT, 'src/main.tsx') },
    outdir: assets,
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: ['chrome110', 'firefox115', 'safari16'],
    jsx: 'automatic',
    jsxImportSource: 'preact',
    minify: o.minify ?? true,
    sourcemap: o.sourcemap ?? false,
    legalComments: 'linked',
    define: { __SCRIPT_API__: JSON.stringify(completions), 'process.env.NODE_ENV': '"production"' },
    metafile: true,
    logLevel: 'silent',
  });
  const require = createRequire(import.meta.url);
  const elkWorker = path.join(path.dirname(require.resolve('elkjs/package.json')), 'lib/elk-worker.min.js');
  await copyFile(elkWorker, path.join(assets, 'elk-worker.min.js'));
  const js = await readFile(path.join(assets, 'app.js'));
  const hash = createHash('sha256').update(js).update(await readFile(path.join(assets, 'app.css'))).digest('hex').slice(0, 12);
  const html = (await readFile(path.join(UI_ROOT, 'index.html'), 'utf8')).replaceAll('%HASH%', hash);
  await writeFile(path.join(outDir, 'index.html'), html);
  const files = ['index.html', ...Object.keys(result.metafile.outputs).map((f) => path.relative(outDir, path.resolve(f))), 'assets/elk-worker.min.js'];
  let bytes = 0;
  for (const f of files) bytes += (await stat(path.join(outDir, f))).size;
  return { outDir, files, ms: 0, bytes };
}

async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, await newestSource(p));
    else if (!e.name.endsWith('.test.ts')) newest = Math.max(newest, (await stat(p)).mtimeMs);
  }
  return newest;
}

async function isFresh(outDir: string): Promise<boolean> {
  const built = await stat(path.join(outDir, 'index.html')).then(
    (s) => s.mtimeMs,
    () => 0,
  );
  const sources = Math.max(
    await newestSource(path.join(UI_ROOT, 'src')),
    ...(await Promise.all(['index.html', 'build.ts', 'script-api-completions.ts'].map((f) => stat(path.join(UI_ROOT, f)).then((s) => s.mtimeMs)))),
  );
  return built > 0 && built >= sources;
}

/** A lock shared by the processes building the same folder (a directory: mkdir is atomic). */
async function withBuildLock<T>(outDir: string, fn: () => Promise<T>): Promise<T> {
  const lock = path.join(os.tmpdir(), `wirehook-ui-build-${createHash('sha1').update(outDir).digest('hex').slice(0, 12)}.lock`);
  const deadline = Date.now() + 120_000;
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch {
      const age = await stat(lock).then((s) => Date.now() - s.mtimeMs, () => 0);
      if (age > 120_000) await rm(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`ERR_UI_BUILD_LOCKED: another build holds ${lock}; remove it if no build is running`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await fn();
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/**
 * Build when `dist/index.html` is missing or older than a UI source (the server's
 * on-demand build, e2e tests). Concurrent callers build once. Returns whether it built.
 */
export async function ensureUiBuilt(o: BuildOptions = {}): Promise<boolean> {
  const outDir = path.resolve(o.outDir ?? UI_DIST);
  if (await isFresh(outDir)) return false;
  return withBuildLock(outDir, async () => {
    if (await isFresh(outDir)) return false;
    await buildUi(o);
    return true;
  });
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  buildUi({ minify: !process.argv.includes('--dev'), sourcemap: process.argv.includes('--dev') }).then(
    (r) => process.stdout.write(`web/ui: built ${r.files.length} files (${(r.bytes / 1024).toFixed(0)} kB) into ${path.relative(process.cwd(), r.outDir) || '.'} in ${Math.round(r.ms)} ms\n`),
    (e: Error & { errors?: { text: string; location?: { file: string; line: number } }[] }) => {
      for (const x of e.errors ?? []) process.stderr.write(`${x.location ? `${x.location.file}:${x.location.line}: ` : ''}${x.text}\n`);
      process.stderr.write(`ERR_UI_BUILD: ${e.message.split('\n')[0]}\n`);
      process.exit(1);
    },
  );
}
