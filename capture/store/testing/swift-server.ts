/**
 * Test helper: a real S3 endpoint — OpenStack Swift 2.30 (Debian) with its s3api and
 * tempauth middleware — on loopback (RECIPES.md Appendix A, done from TypeScript so every
 * process is our child and is stopped by PID). Five ports from `basePort`: object,
 * container, account servers, memcached (`basePort + 3`) and the S3 proxy (`basePort + 4`).
 * Credentials: access key `test:tester`, secret `testing`, region us-east-1, path-style.
 * SigV4 is enforced (a wrong secret gets 403 SignatureDoesNotMatch).
 *
 * `stopProxy()` / `startProxy()` take the S3 endpoint down and bring it back (outage tests);
 * the storage servers keep their data meanwhile.
 */
import { CreateBucketCommand, S3Client } from '@aws-sdk/client-s3';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { access, appendFile, copyFile, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export const SWIFT_CREDENTIALS = { accessKeyId: 'test:tester', secretAccessKey: 'testing' } as const;
export const SWIFT_REGION = 'us-east-1';

export interface SwiftServer {
  /** S3 endpoint URL, e.g. http://127.0.0.1:17604 */
  endpoint: string;
  port: number;
  dir: string;
  stopProxy(): Promise<void>;
  startProxy(): Promise<void>;
  stop(): Promise<void>;
}

const PROXY_FILTERS = `[filter:s3api]
use = egg:swift#s3api
location = us-east-1
[filter:tempauth]
use = egg:swift#tempauth
user_test_tester = testing .admin
[filter:catch_errors]
use = egg:swift#catch_errors
[filter:gatekeeper]
use = egg:swift#gatekeeper
[filter:healthcheck]
use = egg:swift#healthcheck
[filter:proxy-logging]
use = egg:swift#proxy_logging
[filter:listing_formats]
use = egg:swift#listing_formats
[filter:copy]
use = egg:swift#copy
[filter:slo]
use = egg:swift#slo
[filter:dlo]
use = egg:swift#dlo
`;

function serverConf(port: number, dir: string, kind: string): string {
  return `[DEFAULT]\nbind_ip = 127.0.0.1\nbind_port = ${port}\nworkers = 0\nuser = root\nswift_dir = ${dir}\ndevices = ${dir}/srv\nmount_check = false\nlog_level = WARNING\n[pipeline:main]\npipeline = ${kind}-server\n[app:${kind}-server]\nuse = egg:swift#${kind}\n`;
}

function proxyConf(port: number, mcPort: number, dir: string): string {
  return `[DEFAULT]
bind_ip = 127.0.0.1
bind_port = ${port}
workers = 0
user = root
swift_dir = ${dir}
log_level = WARNING
[pipeline:main]
pipeline = catch_errors gatekeeper healthcheck proxy-logging cache listing_formats s3api tempauth copy slo dlo proxy-logging proxy-server
[app:proxy-server]
use = egg:swift#proxy
account_autocreate = true
[filter:cache]
use = egg:swift#memcache
memcache_servers = 127.0.0.1:${mcPort}
${PROXY_FILTERS}`;
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

async function healthy(url: string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const r = await fetch(url);
      if (r.ok) return;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`swift proxy did not become healthy at ${url}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const KINDS = ['object', 'container', 'account'] as const;

/**
 * 1-replica rings (8-bit partitions) for the storage servers on basePort … basePort + 2.
 * Building them runs swift-ring-builder nine times (seconds of Python start-up), so they
 * are built once per port set into a temp-dir cache and copied from there.
 */
async function rings(basePort: number): Promise<string> {
  const cache = path.join(os.tmpdir(), `wh-swift-rings-${basePort}`);
  const ready = await Promise.all(KINDS.map((k) => access(path.join(cache, `${k}.ring.gz`)).then(() => true, () => false)));
  if (ready.every(Boolean)) return cache;
  const tmp = await mkdtemp(`${cache}-build-`);
  await Promise.all(
    KINDS.map(async (kind, i) => {
      const builder = path.join(tmp, `${kind}.builder`);
      await exec('swift-ring-builder', [builder, 'create', '8', '1', '1']);
      await exec('swift-ring-builder', [builder, 'add', `r1z1-127.0.0.1:${basePort + i}/d1`, '1']);
      await exec('swift-ring-builder', [builder, 'rebalance']).catch(() => undefined);
    }),
  );
  await rm(cache, { recursive: true, force: true });
  await rename(tmp, cache).catch(() => rm(tmp, { recursive: true, force: true }));
  return cache;
}

/** Where the PIDs of a port set's servers are noted while they run. */
function pidFile(basePort: number): string {
  return path.join(os.tmpdir(), `wh-swift-${basePort}.pids`);
}

/**
 * A test process killed before its `after` hook (a test-run timeout) leaves its servers
 * running on the port set; stop those — by the PIDs it noted, and only if they still are
 * Swift or memcached processes.
 */
async function stopLeftovers(basePort: number): Promise<void> {
  const pids = (await readFile(pidFile(basePort), 'utf8').catch(() => '')).split('\n').map(Number).filter((n) => n > 0);
  for (const pid of pids) {
    const cmd = await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
    if (/swift-|memcached/.test(cmd)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  }
  await rm(pidFile(basePort), { force: true });
}

/** Starts memcached, the three storage servers and the S3 proxy (rings from `rings`). */
export async function startSwift(basePort: number): Promise<SwiftServer> {
  await stopLeftovers(basePort);
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wh-swift-'));
  await mkdir(path.join(dir, 'srv', 'd1'), { recursive: true });
  await mkdir(path.join(dir, 'run'), { recursive: true });
  await writeFile(
    path.join(dir, 'swift.conf'),
    '[swift-hash]\nswift_hash_path_suffix = np\nswift_hash_path_prefix = np\n[storage-policy:0]\nname = Policy-0\ndefault = yes\n',
  );
  const kinds = KINDS;
  const children: ChildProcess[] = [];
  const run = (cmd: string, args: string[]): ChildProcess => {
    const child = spawn(cmd, args, { stdio: 'ignore', cwd: dir });
    child.on('error', () => undefined);
    if (child.pid) void appendFile(pidFile(basePort), `${child.pid}\n`);
    return child;
  };
  const ringDir = await rings(basePort);
  for (let i = 0; i < kinds.length; i++) {
    await copyFile(path.join(ringDir, `${kinds[i]}.ring.gz`), path.join(dir, `${kinds[i]}.ring.gz`));
    await writeFile(path.join(dir, `${kinds[i]}-server.conf`), serverConf(basePort + i, dir, kinds[i]));
  }
  const mcPort = basePort + 3;
  const port = basePort + 4;
  await writeFile(path.join(dir, 'proxy-server.conf'), proxyConf(port, mcPort, dir));
  children.push(run('memcached', ['-l', '127.0.0.1', '-p', String(mcPort), '-U', '0', '-u', 'root']));
  for (const kind of ['account', 'container', 'object']) {
    children.push(run(`swift-${kind}-server`, [path.join(dir, `${kind}-server.conf`)]));
  }
  let proxy: ChildProcess | null = null;
  const endpoint = `http://127.0.0.1:${port}`;
  const startProxy = async (): Promise<void> => {
    if (proxy && proxy.exitCode === null && proxy.signalCode === null) return;
    proxy = run('swift-proxy-server', [path.join(dir, 'proxy-server.conf')]);
    await healthy(`${endpoint}/healthcheck`, 60_000);
  };
  const stopProxy = async (): Promise<void> => {
    if (proxy) await stopChild(proxy);
    proxy = null;
  };
  try {
    await startProxy();
  } catch (e) {
    await Promise.all([...children.map(stopChild), stopProxy()]);
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
  return {
    endpoint,
    port,
    dir,
    stopProxy,
    startProxy,
    async stop() {
      await stopProxy();
      await Promise.all(children.map(stopChild));
      await rm(dir, { recursive: true, force: true });
      await rm(pidFile(basePort), { force: true });
    },
  };
}

/** Create a bucket, retrying while the storage servers finish starting (the proxy is up first). */
export async function createBucket(endpoint: string, bucket: string): Promise<void> {
  const c = new S3Client({ endpoint, region: SWIFT_REGION, forcePathStyle: true, credentials: SWIFT_CREDENTIALS });
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      await c.send(new CreateBucketCommand({ Bucket: bucket }));
      return;
    } catch (e) {
      if ((e as Error).name === 'BucketAlreadyOwnedByYou') return;
      if (Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
