/**
 * Test helper: a real RabbitMQ broker (Debian rabbitmq-server 3.10) on loopback, isolated
 * from any system install: its own node name, AMQP/distribution/epmd ports, and config,
 * mnesia, log and HOME (Erlang cookie) directories under a temp dir, all through the
 * RABBITMQ_* environment variables. epmd runs in the foreground as our child on its own
 * port; the broker runs in its own process group, so `stop()` ends exactly the processes
 * started here (by PID / process-group id). Measured start time on this machine: ~5 s.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { waitForPort } from './servers.ts';

const RABBIT_HOME = '/usr/lib/rabbitmq';

export interface RabbitPorts {
  amqp: number;
  dist: number;
  epmd: number;
}

export interface RabbitServer {
  port: number;
  /** Milliseconds from spawn until the AMQP port accepted connections. */
  startMs: number;
  stop(): Promise<void>;
}

function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

/** Start RabbitMQ; rejects (after cleaning up) when the AMQP port is not up within `timeoutMs`. */
export async function startRabbitmq(ports: RabbitPorts, timeoutMs = 30_000): Promise<RabbitServer> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wh-rabbit-'));
  for (const d of ['mnesia', 'log', 'home']) await mkdir(path.join(dir, d));
  await writeFile(path.join(dir, 'rabbitmq.conf'), `listeners.tcp.1 = 127.0.0.1:${ports.amqp}\nloopback_users = none\nlog.console = false\n`);
  await writeFile(path.join(dir, 'enabled_plugins'), '[].\n');
  await writeFile(path.join(dir, 'env.conf'), '');
  const env = {
    ...process.env,
    HOME: path.join(dir, 'home'),
    ERL_EPMD_PORT: String(ports.epmd),
    RABBITMQ_NODENAME: `wirehook${ports.amqp}@localhost`,
    RABBITMQ_NODE_IP_ADDRESS: '127.0.0.1',
    RABBITMQ_NODE_PORT: String(ports.amqp),
    RABBITMQ_DIST_PORT: String(ports.dist),
    RABBITMQ_CONFIG_FILE: path.join(dir, 'rabbitmq.conf'),
    RABBITMQ_ADVANCED_CONFIG_FILE: path.join(dir, 'advanced.config'),
    RABBITMQ_CONF_ENV_FILE: path.join(dir, 'env.conf'),
    RABBITMQ_ENABLED_PLUGINS_FILE: path.join(dir, 'enabled_plugins'),
    RABBITMQ_PLUGINS_DIR: path.join(RABBIT_HOME, 'lib/rabbitmq_server-3.10.8/plugins'),
    RABBITMQ_MNESIA_BASE: path.join(dir, 'mnesia'),
    RABBITMQ_LOG_BASE: path.join(dir, 'log'),
    RABBITMQ_PID_FILE: path.join(dir, 'rabbit.pid'),
    RABBITMQ_LOGS: path.join(dir, 'log', 'rabbit.log'),
  };
  const t0 = Date.now();
  const epmd = spawn('epmd', ['-port', String(ports.epmd)], { stdio: 'ignore', env });
  const broker = spawn(path.join(RABBIT_HOME, 'bin/rabbitmq-server'), [], { cwd: dir, env, stdio: 'ignore', detached: true });
  const stop = async () => {
    if (broker.exitCode === null && broker.signalCode === null && broker.pid) {
      try {
        process.kill(-broker.pid, 'SIGTERM');
      } catch {
        // already gone
      }
      await Promise.race([exited(broker), new Promise((r) => setTimeout(r, 10_000))]);
    }
    epmd.kill('SIGTERM');
    await exited(epmd);
    await rm(dir, { recursive: true, force: true });
  };
  try {
    await waitForPort(ports.amqp, '127.0.0.1', timeoutMs);
  } catch (e) {
    await stop();
    throw new Error(`rabbitmq-server did not listen on ${ports.amqp} within ${timeoutMs} ms: ${(e as Error).message}`);
  }
  return { port: ports.amqp, startMs: Date.now() - t0, stop };
}
