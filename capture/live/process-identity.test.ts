import test from 'ava';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseProcNet, procAddress } from './proc-net.ts';
import { processIdentityFeature } from './process-feature.ts';
import { ProcessIdentity } from './process-identity.ts';
import { LiveCaptureSource } from './live-source.ts';
import { startTestNode, waitFor } from './testing/live-node.ts';

const PORT = 17721;

test('/proc/net addresses: IPv4, IPv6, IPv4-mapped IPv6', (t) => {
  t.is(procAddress('0100007F'), '127.0.0.1');
  t.is(procAddress('00000000000000000000000001000000'), '::1');
  t.is(procAddress('0000000000000000FFFF00000100007F'), '127.0.0.1');
  t.is(procAddress('B80D0120000000000000000001000000'), '2001:db8::1');
  const table = [
    '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
    '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4242 1 0 100 0 0 10 0',
    '   1: 0100007F:A682 0100007F:1F90 01 00000000:00000000 00:00000000 00000000  1000        0 4343 1 0',
    '   2: garbage',
  ].join('\n');
  t.deepEqual(parseProcNet(table, 'tcp'), [
    { proto: 'tcp', localIp: '127.0.0.1', localPort: 8080, remoteIp: '0.0.0.0', remotePort: 0, state: 0x0a, inode: 4242 },
    { proto: 'tcp', localIp: '127.0.0.1', localPort: 42626, remoteIp: '127.0.0.1', remotePort: 8080, state: 1, inode: 4343 },
  ]);
});

/** A keep-alive request from this process to a server in this process; resolves with the client's local port. */
async function withServer<T>(fn: (clientPort: number) => Promise<T>): Promise<T> {
  const server = http.createServer((_req, res) => res.end('ok'));
  await new Promise<void>((r) => server.listen(PORT, '127.0.0.1', r));
  const agent = new http.Agent({ keepAlive: true });
  try {
    const clientPort = await new Promise<number>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port: PORT, path: '/who', agent }, (res) => {
        res.resume();
        res.on('end', () => resolve((req.socket!.address() as AddressInfo).port));
      });
      req.on('error', reject);
    });
    return await fn(clientPort);
  } finally {
    agent.destroy();
    await new Promise((r) => server.close(r));
  }
}

test('a node server socket and its client resolve to this process ("node"), rescans rate-limited', async (t) => {
  await withServer(async (clientPort) => {
    const pi = new ProcessIdentity({ minRescanMs: 60_000 });
    t.deepEqual(pi.lookup('tcp', '127.0.0.1', PORT, '127.0.0.1', clientPort), { pid: process.pid, name: 'node' });
    t.deepEqual(pi.lookup('tcp', '127.0.0.1', clientPort, '127.0.0.1', PORT), { pid: process.pid, name: 'node' });
    t.is(pi.rescans, 1);
    // Unknown sockets do not rescan again within minRescanMs; a remote address is never looked up.
    for (let p = 1; p < 50; p++) t.is(pi.lookup('tcp', '127.0.0.1', 1, '127.0.0.1', p), null);
    t.is(pi.lookup('tcp', '203.0.113.9', PORT, '127.0.0.1', clientPort), null);
    t.is(pi.rescans, 1);
    // A closed connection's server side still resolves through the listening socket.
    t.deepEqual(pi.lookup('tcp', '127.0.0.1', PORT, '127.0.0.1', 1), { pid: process.pid, name: 'node' });
  });
});

test('live items on lo carry processId/processName of the local node server and client', async (t) => {
  const tn = await startTestNode({ features: [processIdentityFeature], configure: (c) => void (c.capture.interfaces = ['lo']) });
  try {
    const source = new LiveCaptureSource({ iface: 'lo', filter: `tcp port ${PORT}`, immediate: true, log: (l) => tn.logs.push(l) });
    const ready = source.nextReady();
    tn.node.runSource(source);
    await ready;
    await withServer(async () => {
      await waitFor('the HTTP item', () => tn.items.some((i) => i.request?.path === '/who'));
    });
    const item = tn.items.find((i) => i.request?.path === '/who')!;
    t.is(item.dst.processId, process.pid);
    t.is(item.dst.processName, 'node');
    t.is(item.src.processId, process.pid);
    t.is(item.src.processName, 'node');
  } finally {
    await tn.close();
  }
});
