/**
 * Test helper: HTTP/2 and gRPC peers on loopback, started per test file with explicit
 * ports and stopped by the caller: nginx (Debian nginx-light) with an h2c listener, and a
 * @grpc/grpc-js Greeter server with unary, server-streaming and failing methods.
 */
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import { waitForPort, type Server } from './servers.ts';

/** nginx speaking h2c (prior knowledge) on `port`: static `files`, /hello, /status/{404,500}, /submit. */
export async function startNginxH2c(port: number, files: Record<string, string | Buffer> = {}): Promise<Server> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wh-nginx-h2-'));
  await mkdir(path.join(dir, 'www'), { recursive: true });
  for (const [name, content] of Object.entries(files)) await writeFile(path.join(dir, 'www', name), content);
  const conf = `
worker_processes 1;
user root;
daemon off;
error_log ${dir}/error.log warn;
pid ${dir}/nginx.pid;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  default_type application/octet-stream;
  types { text/html html; text/plain txt; application/json json; }
  server {
    listen 127.0.0.1:${port} http2;
    root ${dir}/www;
    gzip on;
    gzip_types text/plain application/json;
    gzip_min_length 1;
    location = /hello { default_type text/plain; return 200 "hello h2\\n"; }
    location = /status/404 { default_type text/plain; return 404 "no\\n"; }
    location = /status/500 { default_type text/plain; return 500 "boom\\n"; }
    location = /submit { default_type application/json; return 201 '{"created":true}'; }
  }
}
`;
  await writeFile(path.join(dir, 'nginx.conf'), conf);
  const child = spawn('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: 'ignore' });
  await waitForPort(port);
  return {
    port,
    dir,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

const PROTO = `
syntax = "proto3";
package helloworld;
service Greeter {
  rpc SayHello (HelloRequest) returns (HelloReply) {}
  rpc SayHellos (HelloRequest) returns (stream HelloReply) {}
  rpc Fail (HelloRequest) returns (HelloReply) {}
}
message HelloRequest { string name = 1; int32 count = 2; }
message HelloReply { string message = 1; }
`;

export interface GreeterClient {
  sayHello(name: string): Promise<string>;
  /** Server streaming: resolves with the messages received. */
  sayHellos(name: string, count: number): Promise<string[]>;
  /** Resolves with the status code of the error the server returns. */
  fail(name: string): Promise<number>;
  close(): void;
}

async function loadGreeter(dir: string): Promise<grpc.ServiceClientConstructor> {
  const file = path.join(dir, 'greeter.proto');
  await writeFile(file, PROTO);
  const def = protoLoader.loadSync(file, { keepCase: true });
  return (grpc.loadPackageDefinition(def).helloworld as grpc.GrpcObject).Greeter as grpc.ServiceClientConstructor;
}

/** A grpc-js Greeter server on 127.0.0.1:`port` (insecure, i.e. h2c). */
export async function startGreeter(port: number): Promise<Server & { client(): GreeterClient }> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wh-grpc-'));
  const Greeter = await loadGreeter(dir);
  const server = new grpc.Server();
  server.addService(Greeter.service, {
    SayHello: (call: grpc.ServerUnaryCall<any, any>, cb: grpc.sendUnaryData<any>) => cb(null, { message: `Hello ${call.request.name}` }),
    SayHellos: (call: grpc.ServerWritableStream<any, any>) => {
      for (let i = 0; i < call.request.count; i++) call.write({ message: `Hello #${i} ${call.request.name}` });
      call.end();
    },
    Fail: (call: grpc.ServerUnaryCall<any, any>, cb: grpc.sendUnaryData<any>) =>
      cb({ code: grpc.status.NOT_FOUND, details: `no user named ${call.request.name}` } as grpc.ServiceError, null),
  });
  await new Promise<void>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (err) => (err ? reject(err) : resolve())),
  );
  const client = (): GreeterClient => {
    const c = new Greeter(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as any;
    return {
      sayHello: (name) => new Promise((res, rej) => c.SayHello({ name }, (e: Error | null, r: any) => (e ? rej(e) : res(r.message)))),
      sayHellos: (name, count) =>
        new Promise((res, rej) => {
          const out: string[] = [];
          const s = c.SayHellos({ name, count });
          s.on('data', (r: any) => out.push(r.message));
          s.on('end', () => res(out));
          s.on('error', rej);
        }),
      fail: (name) => new Promise((res) => c.Fail({ name }, (e: grpc.ServiceError | null) => res(e ? e.code : 0))),
      close: () => c.close(),
    };
  };
  return {
    port,
    dir,
    client,
    stop: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())),
  };
}
