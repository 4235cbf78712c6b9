import test from 'ava';
import { byteByByte, flowOf, run } from '../testing/flow-fixture.ts';
import type { Step } from '../testing/flow-fixture.ts';
import { rawTcp } from './raw-tcp.ts';
import { detectRedis } from './redis-detect.ts';
import { createRedisDissector, redis } from './redis.ts';

const flow = flowOf('tcp', 6379);

/** RESP array of bulk strings, as clients send commands. */
function cmd(...args: string[]): string {
  return `*${args.length}\r\n` + args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('');
}

function items(steps: Step[], split?: (n: number) => number[]) {
  const h = run([redis, rawTcp], steps, { flow, split, registryOptions: { fallback: { tcp: 'tcp' } } });
  return { items: h.items, weirds: h.weirds.toJSON() };
}

test('SET and GET pair with their replies; Kubeshark fields and protocol', (t) => {
  const { items: its, weirds } = items([
    { dir: 0, bytes: cmd('SET', 'user:1', 'alice') },
    { dir: 1, bytes: '+OK\r\n' },
    { dir: 0, bytes: cmd('GET', 'user:1') },
    { dir: 1, bytes: '$5\r\nalice\r\n' },
  ]);
  t.is(its.length, 2);
  t.deepEqual(its[0].request, { type: 'Array', command: 'SET', key: 'user:1', value: 'alice', keyword: '' });
  t.deepEqual(its[0].response, { type: 'Simple String', command: '', key: '', value: '', keyword: 'OK' });
  t.deepEqual(its[1].response, { type: 'Bulk String', command: '', key: '', value: 'alice', keyword: '' });
  t.is(its[0].requestSize, cmd('SET', 'user:1', 'alice').length);
  t.is(its[0].responseSize, 5);
  t.like(its[0].protocol, { name: 'redis', version: '3.x', abbr: 'REDIS', macro: 'redis', backgroundColor: '#a41e11', fontSize: 11, priority: 3 });
  t.deepEqual(its[0].protocol.ports, ['6379']);
  t.deepEqual(weirds, {});
});

test('more than three words: value lists the third and later words (Kubeshark style)', (t) => {
  const { items: its } = items([{ dir: 0, bytes: cmd('SET', 'k', 'v', 'EX', '10') }, { dir: 1, bytes: '+OK\r\n' }]);
  t.is(its[0].request!.value, '[v, EX, 10]');
});

test('pipelined commands in one segment pair in order, split anywhere', (t) => {
  const reqs = cmd('INCR', 'c') + cmd('INCR', 'c') + cmd('LRANGE', 'l', '0', '-1') + cmd('GET', 'missing') + cmd('HGETALL', 'h');
  const res = ':1\r\n:2\r\n*3\r\n$1\r\na\r\n$1\r\nb\r\n$2\r\ncc\r\n$-1\r\n*4\r\n$1\r\nf\r\n$1\r\n1\r\n$1\r\ng\r\n$1\r\n2\r\n';
  for (const split of [undefined, byteByByte]) {
    const { items: its, weirds } = items([{ dir: 0, bytes: reqs }, { dir: 1, bytes: res }], split);
    t.deepEqual(
      its.map((i) => [i.request!.command, i.response!.type, i.response!.value]),
      [
        ['INCR', 'Integer', '1'],
        ['INCR', 'Integer', '2'],
        ['LRANGE', 'Array', '[a, b, cc]'],
        ['GET', 'Null', ''],
        ['HGETALL', 'Array', '[f, 1, g, 2]'],
      ],
    );
    t.deepEqual(weirds, {});
  }
});

test('errors: type Error, keyword is the error code, value the message', (t) => {
  const { items: its } = items([{ dir: 0, bytes: cmd('LPUSH', 'str', 'x') }, { dir: 1, bytes: '-WRONGTYPE Operation against a key holding the wrong kind of value\r\n' }]);
  t.like(its[0].response, { type: 'Error', keyword: 'WRONGTYPE', value: 'WRONGTYPE Operation against a key holding the wrong kind of value' });
  t.is(its[0].error, null);
});

test('a large bulk string across many segments is kept whole up to the cap', (t) => {
  const big = 'x'.repeat(50_000);
  const { items: its } = items([{ dir: 0, bytes: cmd('SET', 'big', big) }, { dir: 1, bytes: '+OK\r\n' }, { dir: 0, bytes: cmd('GET', 'big') }, { dir: 1, bytes: `$${big.length}\r\n${big}\r\n` }], (n) => {
    const out: number[] = [];
    for (let left = n; left > 0; left -= 1448) out.push(Math.min(1448, left));
    return out;
  });
  t.is(its[0].request!.value.length, 50_000);
  t.is(its[1].response!.value, big);
  t.is(its[1].responseSize, big.length + 10);
  const capped = run([createRedisDissector({ bulkCap: 100 })], [{ dir: 0, bytes: cmd('GET', 'big') }, { dir: 1, bytes: `$${big.length}\r\n${big}\r\n` }], { flow });
  t.is(capped.items[0].response!.value.length, 100);
  t.is(capped.items[0].responseSize, big.length + 10);
});

test('RESP3: HELLO 3 map reply, doubles, booleans, verbatim strings, sets and attributes', (t) => {
  const { items: its, weirds } = items([
    { dir: 0, bytes: cmd('HELLO', '3') + cmd('ZSCORE', 'z', 'm') + cmd('SISMEMBER', 's', 'a') + cmd('INFO') + cmd('SMEMBERS', 's') + cmd('GET', 'k') },
    {
      dir: 1,
      bytes:
        '%2\r\n+server\r\n+redis\r\n+proto\r\n:3\r\n' +
        ',3.25\r\n' +
        '#t\r\n' +
        '=15\r\ntxt:Some string\r\n' +
        '~2\r\n$1\r\na\r\n$1\r\nb\r\n' +
        '|1\r\n+key-popularity\r\n%1\r\n$1\r\nk\r\n,0.5\r\n$1\r\nv\r\n',
    },
  ]);
  t.deepEqual(
    its.map((i) => [i.response!.type, i.response!.value]),
    [
      ['Map', '{server: redis, proto: 3}'],
      ['Double', '3.25'],
      ['Boolean', 'true'],
      ['Verbatim String', 'Some string'],
      ['Set', '[a, b]'],
      ['Bulk String', 'v'],
    ],
  );
  t.deepEqual(weirds, {});
});

test('RESP3 pushes and pub/sub messages are items of their own and do not break pairing', (t) => {
  const pub = items([
    { dir: 0, bytes: cmd('SUBSCRIBE', 'news', 'sport') },
    { dir: 1, bytes: '*3\r\n$9\r\nsubscribe\r\n$4\r\nnews\r\n:1\r\n*3\r\n$9\r\nsubscribe\r\n$5\r\nsport\r\n:2\r\n*3\r\n$7\r\nmessage\r\n$4\r\nnews\r\n$5\r\nhello\r\n' },
    { dir: 0, bytes: cmd('PING') },
    { dir: 1, bytes: '>3\r\n$7\r\nmessage\r\n$5\r\nsport\r\n$4\r\ngoal\r\n*2\r\n$4\r\npong\r\n$0\r\n\r\n' },
  ]);
  const paired = pub.items.filter((i) => i.request !== null);
  t.deepEqual(paired.map((i) => [i.request!.command, i.response?.value]), [['SUBSCRIBE', '[subscribe, news, 1]'], ['PING', '[pong, ]']]);
  const alone = pub.items.filter((i) => i.request === null).map((i) => [i.response!.type, i.response!.value]);
  t.deepEqual(alone, [['Array', '[subscribe, sport, 2]'], ['Array', '[message, news, hello]'], ['Push', '[message, sport, goal]']]);
});

test('inline commands (telnet style) are commands too', (t) => {
  const { items: its } = items([{ dir: 0, bytes: 'PING\r\nset k  v\r\n' }, { dir: 1, bytes: '+PONG\r\n+OK\r\n' }]);
  t.deepEqual(its.map((i) => [i.request!.type, i.request!.command, i.request!.key, i.response!.keyword]), [
    ['Inline Command', 'PING', '', 'PONG'],
    ['Inline Command', 'SET', 'k', 'OK'],
  ]);
});

test('not RESP: weird, violation, and the flow continues as raw TCP', (t) => {
  const { items: its, weirds } = items([{ dir: 0, bytes: cmd('PING') }, { dir: 1, bytes: '?garbage\r\n' }, { dir: 0, bytes: 'more' }]);
  t.is(weirds.redis_bad_type, 1);
  t.is(weirds.dissect_violation, 1);
  t.is(its.at(-1)!.protocol.name, 'tcp');
  t.is(its[0].request!.command, 'PING');
  t.is(its[0].error!.type, 'pair-not-found');
});

test('a gap violates; a truncated reply at the end is counted', (t) => {
  const g = items([{ dir: 0, bytes: cmd('GET', 'a') }, { dir: 1, gap: 20 }]);
  t.is(g.weirds.redis_gap, 1);
  const e = items([{ dir: 0, bytes: cmd('GET', 'a') }, { dir: 1, bytes: '$10\r\nabc' }]);
  t.is(e.weirds.redis_truncated, 1);
  t.is(e.items[0].error!.type, 'pair-not-found');
});

test('malformed lengths and nesting are anomalies, never exceptions', (t) => {
  for (const bad of ['*x\r\n', '$-5\r\n', ':12a\r\n', '#x\r\n', '*1\r\n'.repeat(40) + ':1\r\n', '$3\r\nabcXY']) {
    const { weirds } = items([{ dir: 0, bytes: cmd('GET', 'a') }, { dir: 1, bytes: bad }]);
    t.is(weirds.dissect_violation, 1, JSON.stringify(bad));
    t.falsy(weirds.dissect_parser_exception);
  }
});

test('detect: RESP commands are certain, inline and replies likely, others not', (t) => {
  const b = (s: string) => Buffer.from(s, 'latin1');
  t.is(detectRedis(b(cmd('GET', 'k')), 0), 1);
  t.is(detectRedis(b('PING\r\n'), 0), 0.6);
  t.is(detectRedis(b('HELO mail\r\n'), 0), 0);
  t.true(detectRedis(b('+OK\r\n'), 1) > 0.5);
  t.true(detectRedis(b('-ERR unknown\r\n'), 1) > 0.5);
  t.is(detectRedis(b('+OK POP3 ready\r\n'), 1), 0);
  t.is(detectRedis(b('GET / HTTP/1.1\r\n'), 0), 0.6);
  t.is(detectRedis(b('\x16\x03\x01'), 0), 0);
});
