/**
 * Test helper: a real redis-server (Debian redis-server) on a loopback port, in the
 * foreground as our child with no persistence and a private temp dir; stopped by PID.
 * `redisCli` runs the real redis-cli against it.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { Server } from './servers.ts';
import { waitForPort } from './servers.ts';

export async function startRedis(port: number): Promise<Server> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wh-redis-'));
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--daemonize', 'no'], {
    stdio: 'ignore',
  });
  await waitForPort(port);
  return {
    port,
    dir,
    stop: () =>
      new Promise<void>((resolve) => {
        const done = () => void rm(dir, { recursive: true, force: true }).then(() => resolve());
        if (child.exitCode !== null || child.signalCode !== null) return done();
        child.once('exit', done);
        child.kill('SIGTERM');
      }),
  };
}

/** Run redis-cli with `args` (stdin from `input` when given); resolves with stdout. */
export function redisCli(port: number, args: string[], input?: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('redis-cli', ['-p', String(port), ...args], { maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
    if (input !== undefined) child.stdin!.end(input);
  });
}

/** RESP encoding of one command, as clients send it. */
export function respCommand(...args: string[]): string {
  return `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('');
}

/** Send `payload` on one connection; close it once `done(received so far)` says every reply is in. */
export function pipelineOverSocket(port: number, payload: string, done: (received: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    const s = net.connect(port, '127.0.0.1', () => s.write(payload));
    s.setEncoding('latin1');
    s.on('data', (d: string) => {
      got += d;
      if (done(got)) s.end();
    });
    s.on('close', () => resolve(got));
    s.on('error', reject);
  });
}
