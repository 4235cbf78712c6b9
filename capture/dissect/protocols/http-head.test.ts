import test from 'ava';
import { parseHead, parseTrailers } from './http-head.ts';
import type { HttpHead } from './http-head.ts';
import { HeaderId, headerIdOf, knownHeader } from './http-header-names.ts';

/** Parse `text` as a section that sits at an offset inside a larger buffer. */
function head(text: string, request = true, lineCap = 16384): { h: HttpHead | null; weirds: string[] } {
  const weirds: string[] = [];
  const bytes = Buffer.from('junk' + text + 'tail', 'latin1');
  const b = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.length);
  const h = parseHead(b, 4, 4 + text.length, text, request, lineCap, { weird: (n) => weirds.push(n) });
  return { h, weirds };
}

test('parseHead: request line, headers as sent, framing fields picked case-insensitively', (t) => {
  const text = 'POST /a?b=1 HTTP/1.1\r\nHost: svc\r\ncontent-type: text/plain\r\nCONTENT-LENGTH: 12\r\nX-Odd:  v  \r\nCookie: a=1\r\n\r\n';
  const { h } = head(text);
  t.truthy(h);
  t.is(h!.method, 'POST');
  t.is(h!.target, '/a?b=1');
  t.is(h!.version, 'HTTP/1.1');
  t.deepEqual(h!.headers, { Host: 'svc', 'content-type': 'text/plain', 'CONTENT-LENGTH': '12', 'X-Odd': 'v', Cookie: 'a=1' });
  t.is(h!.host, 'svc');
  t.is(h!.contentType, 'text/plain');
  t.is(h!.contentLength, 12);
  t.is(h!.cookie, 'a=1');
  t.is(h!.size, text.length);
});

test('parseHead: status line, reason, chunked, set-cookie, HTTP/1.0 and odd versions', (t) => {
  const { h } = head('HTTP/1.0 404 Not Found\r\nTransfer-Encoding: gzip, Chunked\r\nSet-Cookie: a=1; Path=/\r\nset-cookie: b=2\r\n\r\n', false);
  t.is(h!.status, 404);
  t.is(h!.reason, 'Not Found');
  t.is(h!.version, 'HTTP/1.0');
  t.true(h!.transferEncoding);
  t.true(h!.chunked);
  t.deepEqual(h!.setCookies, ['a=1; Path=/', 'b=2']);
  t.is(head('HTTP/1.1 200 OK\r\n\r\n', false).h!.reason, 'OK');
  t.is(head('HTTP/1.1 204\r\n\r\n', false).h!.reason, '');
  t.is(head('HTTP/1.7 200 Fine\r\n\r\n', false).h!.version, 'HTTP/1.7');
  t.is(head('PROPFIND /x HTTP/1.1\r\n\r\n').h!.method, 'PROPFIND');
  t.is(head('GET  /spaced  HTTP/1.1\r\n\r\n').h!.target, '/spaced');
  t.is(head('GE(T / HTTP/1.1\r\n\r\n').h, null);
  t.is(head('GET / HTTP/2.0\r\n\r\n').h, null);
  t.is(head('HTTP/1.1 099 Low\r\n\r\n', false).h, null);
});

test('parseHead: repeated names join with ", " — also past the first 32 names', (t) => {
  const lines: string[] = [];
  for (let i = 0; i < 40; i++) lines.push(`X-${i}: ${i}`);
  lines.push('X-3: again', 'X-39: again', 'Accept: a', 'accept: b', 'Accept: c');
  const { h } = head(`GET / HTTP/1.1\r\n${lines.join('\r\n')}\r\n\r\n`);
  t.is(h!.headers['X-3'], '3, again');
  t.is(h!.headers['X-39'], '39, again');
  t.is(h!.headers.Accept, 'a, c');
  t.is(h!.headers.accept, 'b');
  t.is(Object.keys(h!.headers).length, 42);
});

test('parseHead: hostile names stay own properties; obs-fold, bad lines and long lines are weirds', (t) => {
  const { h, weirds } = head('GET / HTTP/1.1\r\n__proto__: x\r\nconstructor: y\r\n__proto__: z\r\nX-Fold: a\r\n  b\r\nno colon here\r\nName : v\r\n\r\n');
  t.is(Object.getPrototypeOf(h!.headers), Object.prototype);
  t.true(Object.prototype.hasOwnProperty.call(h!.headers, '__proto__'));
  t.is(Object.getOwnPropertyDescriptor(h!.headers, '__proto__')!.value, 'x, z');
  t.is(h!.headers.constructor as unknown, 'y');
  t.is(h!.headers['X-Fold'], 'a b');
  t.is(h!.headers.Name, 'v');
  t.deepEqual(weirds, ['http_obs_fold', 'http_bad_header_line', 'http_space_before_colon']);
  const long = head(`GET / HTTP/1.1\r\nX: ${'v'.repeat(100)}\r\n\r\n`, true, 50);
  t.is(long.h, null);
  t.deepEqual(long.weirds, ['http_line_too_long']);
});

test('parseHead: Content-Length lists and conflicts', (t) => {
  t.is(head('GET / HTTP/1.1\r\nContent-Length: 5, 5\r\n\r\n').h!.contentLength, 5);
  const bad = head('GET / HTTP/1.1\r\nContent-Length: 5\r\ncontent-length: 6\r\n\r\n');
  t.is(bad.h!.contentLength, -2);
  t.deepEqual(bad.weirds, ['http_bad_content_length']);
  t.is(head('GET / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n').h!.contentLength, -2);
});

test('parseTrailers merges trailer fields into the headers', (t) => {
  const { h } = head('HTTP/1.1 200 OK\r\nX-T: 1\r\n\r\n', false);
  t.is(parseTrailers('X-T: 2\r\nX-U: 3\r\n\r\n', h!, { weird: () => undefined }), 2);
  t.deepEqual(h!.headers, { 'X-T': '1, 2', 'X-U': '3' });
});

test('knownHeader finds common names as constants without cutting the text; headerIdOf ignores case', (t) => {
  const text = '..Content-Length..content-type..Content-type..';
  const k = knownHeader(text, 2, 14, 'C'.charCodeAt(0), 'h'.charCodeAt(0));
  t.is(k?.name, 'Content-Length');
  t.is(k?.id, HeaderId.ContentLength);
  t.is(knownHeader(text, 18, 12, 'c'.charCodeAt(0), 'e'.charCodeAt(0))?.id, HeaderId.ContentType);
  t.is(knownHeader(text, 32, 12, 'C'.charCodeAt(0), 'e'.charCodeAt(0)), undefined, 'mixed case is not a known spelling');
  t.is(headerIdOf('Content-type'), HeaderId.ContentType);
  t.is(headerIdOf('TRANSFER-ENCODING'), HeaderId.TransferEncoding);
  t.is(headerIdOf('Content\rLength'), HeaderId.Other);
  t.is(headerIdOf('X-Anything'), HeaderId.Other);
});
