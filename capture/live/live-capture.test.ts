import test from 'ava';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { startNginx } from '../testing/servers.ts';
import { redisCli, startRedis } from '../testing/servers-redis.ts';
import { LiveCaptureSource } from './live-source.ts';
import { startTestNode, waitFor } from './testing/live-node.ts';

const exec = promisify(execFile);
const NGINX = 17701;
const REDIS = 17702;

const curl = (path: string) => exec('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', `http://127.0.0.1:${NGINX}${path}`]);

for (const producer of ['tcpdump', 'cap'] as const) {
  test.serial(`live capture on lo with ${producer}: nginx and redis traffic become items; a killed agent is restarted`, async (t) => {
    const nginx = await startNginx(NGINX);
    const redis = await startRedis(REDIS);
    const tn = await startTestNode();
    const source = new LiveCaptureSource({
      iface: 'lo',
      filter: `tcp port ${NGINX} or tcp port ${REDIS}`,
      producer,
      immediate: true,
      statsIntervalMs: 200,
      log: (l) => tn.logs.push(l),
    });
    try {
      const ready = source.nextReady();
      const run = tn.node.runSource(source);
      await ready;
      t.is(source.stats.producer, producer);
      for (let i = 0; i < 5; i++) t.is((await curl(`/hello?n=${i}`)).stdout, '200');
      await redisCli(REDIS, ['SET', 'live:key', 'v1']);
      await redisCli(REDIS, ['GET', 'live:key']);
      const http = () => tn.items.filter((i) => i.protocol.abbr === 'HTTP');
      const redisItems = () => tn.items.filter((i) => i.protocol.abbr === 'REDIS');
      await waitFor('5 HTTP and 2 Redis items', () => http().length >= 5 && redisItems().length >= 2);
      t.deepEqual(http().map((i) => i.request?.path).sort(), ['/hello', '/hello', '/hello', '/hello', '/hello']);
      t.true(http().every((i) => i.response?.status === 200 && i.dst.port === String(NGINX)));
      t.deepEqual(redisItems().map((i) => i.request?.command).sort(), ['GET', 'SET']);
      t.is(redisItems().find((i) => i.request?.command === 'GET')?.response?.value, 'v1');

      // Stats arrive on the side channel; nothing is dropped at this rate.
      await waitFor('stats covering the captured packets', () => source.stats.captured >= source.stats.packets && source.stats.packets > 0);
      t.is(source.stats.kernelDropsKnown, producer === 'tcpdump');
      t.is(source.stats.drops, 0);
      if (producer === 'tcpdump') t.true(source.stats.kernelReceived >= source.stats.packets, 'ps_recv counts every packet (twice on lo)');

      const killed = source.agentPid!;
      const before = tn.items.length;
      const restarted = source.nextReady();
      process.kill(killed, 'SIGKILL');
      await restarted;
      t.is(source.stats.captureRestarts, 1);
      t.not(source.agentPid, killed);
      t.true(tn.logs.some((l) => l.includes('stopped unexpectedly')));
      t.is(await processAlive(killed), false);
      const afterKill = Date.now();
      for (let i = 0; i < 3; i++) await curl('/status/404');
      await waitFor('3 items after the restart', () => tn.items.slice(before).filter((i) => i.response?.status === 404).length >= 3);
      t.true(tn.items.slice(before).every((i) => i.timestamp >= afterKill - 1000));
      t.true(source.stats.gapMs > 0);

      await tn.close();
      await run.done;
      t.false(source.stats.running);
      t.is(source.agentPid, null);
    } finally {
      await tn.close();
      await nginx.stop();
      await redis.stop();
    }
  });
}

async function processAlive(pid: number): Promise<boolean> {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

test.serial('kernel drops are reported from pcap_stats (1 KiB capture buffer, bulk transfer)', async (t) => {
  const nginx = await startNginx(NGINX, { 'big.bin': Buffer.alloc(20_000_000, 7) });
  const tn = await startTestNode();
  try {
    const source = new LiveCaptureSource({ iface: 'lo', filter: `tcp port ${NGINX}`, producer: 'tcpdump', bufferKiB: 1, statsIntervalMs: 100, log: (l) => tn.logs.push(l) });
    const ready = source.nextReady();
    tn.node.runSource(source);
    await ready;
    for (let i = 0; i < 3; i++) await curl('/big.bin');
    await waitFor('kernel drops in the stats', () => source.stats.kernelDrops > 0);
    t.true(source.stats.drops >= source.stats.kernelDrops);
    t.true(source.stats.kernelReceived > source.stats.captured, 'received by filter counts what was dropped too');
  } finally {
    await tn.close();
    await nginx.stop();
  }
});

test.serial('two live sources in one node (one agent and pipeline each)', async (t) => {
  const nginx = await startNginx(NGINX);
  const redis = await startRedis(REDIS);
  const tn = await startTestNode();
  try {
    const sources = [NGINX, REDIS].map((port) => new LiveCaptureSource({ iface: 'lo', filter: `tcp port ${port}`, immediate: true, log: (l) => tn.logs.push(l) }));
    const ready = Promise.all(sources.map((s) => s.nextReady()));
    const runs = sources.map((s) => tn.node.runSource(s));
    await ready;
    t.not(sources[0].agentPid, sources[1].agentPid);
    await curl('/hello');
    await redisCli(REDIS, ['PING']);
    await waitFor('an item on each source', () => runs.every((r) => r.pipeline.stats.items > 0));
    t.deepEqual(runs.map((r) => [...r.pipeline.stats.itemsByProtocol.keys()]), [['HTTP'], ['REDIS']]);
  } finally {
    await tn.close();
    await nginx.stop();
    await redis.stop();
  }
});
