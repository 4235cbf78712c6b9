import test from 'ava';
import { formatIpv4, formatIpv6, ipAddressKeyOfText, ipv4Key, ipv6Key, parseIp } from './ip-address.ts';

const v6 = (text: string): string => formatIpv6(parseIp(text)!, 0);

test('formatIpv4: dotted quad at an offset', (t) => {
  const b = new Uint8Array([9, 9, 192, 168, 0, 255, 0, 0, 0, 0]);
  t.is(formatIpv4(b, 2), '192.168.0.255');
  t.is(formatIpv4(b, 6), '0.0.0.0');
});

test('formatIpv6: RFC 5952 rules', (t) => {
  t.is(v6('2001:0DB8:0000:0000:0000:0000:0000:0001'), '2001:db8::1'); // lower case, leading zeros dropped
  t.is(v6('2001:db8:0:0:1:0:0:1'), '2001:db8::1:0:0:1'); // first of equal runs
  t.is(v6('2001:db8:0:1:1:1:1:1'), '2001:db8:0:1:1:1:1:1'); // a single 0 group is not compressed
  t.is(v6('2001:0:0:1:0:0:0:1'), '2001:0:0:1::1'); // longest run
  t.is(v6('0:0:0:0:0:0:0:0'), '::');
  t.is(v6('1:0:0:0:0:0:0:0'), '1::');
  t.is(v6('::ffff:10.1.2.3'), '::ffff:10.1.2.3'); // IPv4-mapped keeps mixed notation
});

test('the formatting caches never return another address', (t) => {
  const seen = new Map<string, string>();
  const b4 = new Uint8Array(4);
  const b6 = new Uint8Array(16);
  for (let i = 0; i < 50_000; i++) {
    const w = (i * 2654435761) >>> 0;
    b4[0] = w >>> 24;
    b4[1] = (w >>> 16) & 255;
    b4[2] = (w >>> 8) & 255;
    b4[3] = w & 255;
    const s4 = formatIpv4(b4, 0);
    if (s4 !== `${b4[0]}.${b4[1]}.${b4[2]}.${b4[3]}`) t.fail(s4);
    b6[15] = i & 255;
    b6[14] = (i >> 8) & 255;
    b6[3] = (i * 7) & 255;
    const s6 = formatIpv6(b6, 0);
    const key = Array.from(b6).join(',');
    if (seen.has(key) && seen.get(key) !== s6) t.fail(`${key}: ${s6} vs ${seen.get(key)}`);
    seen.set(key, s6);
    if (formatIpv6(parseIp(s6)!, 0) !== s6) t.fail(`round trip of ${s6}`);
  }
  t.pass();
});

test('parseIp accepts both families and rejects malformed text', (t) => {
  t.deepEqual(Array.from(parseIp('1.2.3.4')!), [1, 2, 3, 4]);
  t.deepEqual(Array.from(parseIp('::1')!), [...new Array(15).fill(0), 1]);
  t.deepEqual(Array.from(parseIp('1::')!), [0, 1, ...new Array(14).fill(0)]);
  t.deepEqual(Array.from(parseIp('::ffff:1.2.3.4')!.subarray(10)), [0xff, 0xff, 1, 2, 3, 4]);
  for (const bad of ['1.2.3', '1.2.3.256', '1.2.3.4.5', 'a.b.c.d', '1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', ':::', '1:2:3:4:5:6:7::8', '']) {
    t.is(parseIp(bad), undefined, bad);
  }
});

test('address keys: ipv4Key/ipv6Key equal ipAddressKeyOfText of the formatted address', (t) => {
  const b4 = new Uint8Array(4);
  const b6 = new Uint8Array(16);
  const keys4 = new Set<number>();
  for (let i = 0; i < 2000; i++) {
    const w = (i * 2654435761) >>> 0;
    b4.set([w >>> 24, (w >>> 16) & 255, (w >>> 8) & 255, w & 255]);
    const k = ipv4Key(b4, 0);
    t.is(ipAddressKeyOfText(formatIpv4(b4, 0)), k);
    keys4.add(k);
    for (let j = 0; j < 16; j++) b6[j] = (w >>> ((j & 3) * 8)) ^ j;
    t.is(ipAddressKeyOfText(formatIpv6(b6, 0)), ipv6Key(b6, 0));
  }
  t.is(keys4.size, 2000, 'distinct IPv4 addresses have distinct keys');
  t.is(ipAddressKeyOfText('::ffff:10.1.2.3'), ipv6Key(parseIp('::ffff:10.1.2.3')!, 0));
  t.is(ipAddressKeyOfText('not an address'), 0);
});
