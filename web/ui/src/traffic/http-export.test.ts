import test from 'ava';
import type { ItemFull } from '../api/types.ts';
import { headerList, isHttpItem, shellQuote, toCurl, toHar } from './http-export.ts';

function item(request: Record<string, unknown>, response: Record<string, unknown> | null = null): ItemFull {
  const ep = { ip: '10.1.0.1', port: '80', name: '', namespace: '' };
  return {
    id: 'w/1-0',
    timestamp: Date.UTC(2026, 0, 1),
    startTime: '2026-01-01T00:00:00.000Z',
    protocol: { name: 'http', abbr: 'HTTP', macro: 'http', version: '1.1', backgroundColor: '', foregroundColor: '' },
    src: ep,
    dst: ep,
    request,
    response,
    requestSize: 1,
    responseSize: 1,
    elapsedTime: 12,
    passed: false,
    failed: false,
    error: null,
  };
}

test('headerList reads records, repeated values and name/value lists', (t) => {
  t.deepEqual(headerList({ A: '1', 'Set-Cookie': ['x=1', 'y=2'] }), [
    { name: 'A', value: '1' },
    { name: 'Set-Cookie', value: 'x=1' },
    { name: 'Set-Cookie', value: 'y=2' },
  ]);
  t.deepEqual(headerList([{ name: 'B', value: 2 }]), [{ name: 'B', value: '2' }]);
  t.deepEqual(headerList(null), []);
});

test('shellQuote survives single quotes', (t) => {
  t.is(shellQuote(`it's`), `'it'\\''s'`);
});

test('toCurl: method, URL, headers (no hop-by-hop, no pseudo headers) and body', (t) => {
  const c = toCurl(
    item({
      method: 'POST',
      url: 'http://shop/api/cart?x=1',
      headers: { 'Content-Type': 'application/json', 'Content-Length': '9', ':authority': 'shop', 'X-Q': "it's" },
      postData: { mimeType: 'application/json', text: '{"qty":1}' },
    }),
  );
  t.is(c, `curl -X 'POST' 'http://shop/api/cart?x=1' -H 'Content-Type: application/json' -H 'X-Q: it'\\''s' --data-raw '{"qty":1}'`);
  t.is(toCurl(item({ method: 'GET', url: 'http://a/', headers: {} })), `curl 'http://a/'`);
});

test('toCurl pipes a binary body through base64 -d', (t) => {
  const c = toCurl(item({ method: 'PUT', url: 'http://a/b', headers: {}, postData: { text: 'AAEC', encoding: 'base64' } }));
  t.is(c, `printf %s 'AAEC' | base64 -d | curl -X 'PUT' 'http://a/b' --data-binary @-`);
});

test('toHar builds a HAR 1.2 log with one entry', (t) => {
  const har = toHar(
    item(
      { method: 'GET', url: 'http://a/x?q=1', httpVersion: 'HTTP/1.1', headers: { Accept: '*/*' }, queryString: { q: '1' }, headersSize: 30, bodySize: 0 },
      { status: 200, statusText: 'OK', httpVersion: 'HTTP/1.1', headers: { 'Content-Type': 'text/plain' }, content: { size: 2, mimeType: 'text/plain', text: 'aGk=', encoding: 'base64' } },
    ),
  ) as { log: { version: string; entries: Record<string, any>[] } };
  t.is(har.log.version, '1.2');
  const e = har.log.entries[0];
  t.is(e.startedDateTime, '2026-01-01T00:00:00.000Z');
  t.is(e.time, 12);
  t.deepEqual(e.request.queryString, [{ name: 'q', value: '1' }]);
  t.deepEqual(e.response.content, { size: 2, mimeType: 'text/plain', text: 'aGk=', encoding: 'base64' });
  t.is(e.timings.wait, 12);
  t.is(e.serverIPAddress, '10.1.0.1');
});

test('isHttpItem needs an HTTP protocol and a request method', (t) => {
  t.true(isHttpItem(item({ method: 'GET' })));
  const dns = item({ questions: [] });
  dns.protocol = { ...dns.protocol, name: 'dns', macro: 'dns' };
  t.false(isHttpItem(dns));
});
