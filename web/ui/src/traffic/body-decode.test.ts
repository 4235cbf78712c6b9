import test from 'ava';
import { base64ToBytes, bytesAsText, decodeBody, hexDump, prettyJson, requestBody, responseBody } from './body-decode.ts';

const b64 = (s: string | Uint8Array) => Buffer.from(s).toString('base64');

test('JSON bodies are pretty-printed, from text or base64', (t) => {
  const d = decodeBody('{"a":1,"b":[true,null]}', undefined, 'application/json');
  t.is(d.kind, 'json');
  t.is(d.display, '{\n  "a": 1,\n  "b": [\n    true,\n    null\n  ]\n}');
  const r = responseBody({ content: { encoding: 'base64', mimeType: 'application/json; charset=utf-8', text: b64('[1,2]') } });
  t.is(r.kind, 'json');
  t.is(r.size, 5);
});

test('text stays text, markup included (it is shown as characters)', (t) => {
  const html = '<script>alert(1)</script><img onerror=x>';
  const d = decodeBody(b64(html), 'base64', 'text/html');
  t.is(d.kind, 'text');
  t.is(d.display, html);
  t.is(decodeBody('{not json', undefined, 'application/json').kind, 'text');
});

test('binary bodies become a hex dump with offsets and ASCII', (t) => {
  const bytes = Uint8Array.from([0x00, 0x01, 0x48, 0x69, 0xff, ...new Array(20).fill(0x41)]);
  const d = decodeBody(b64(bytes), 'base64', 'application/octet-stream');
  t.is(d.kind, 'binary');
  const lines = d.display.split('\n');
  t.is(lines.length, 2);
  t.true(lines[0].startsWith('00000000  00 01 48 69 ff 41 41 41  41 41 41 41 41 41 41 41 '));
  t.true(lines[0].endsWith('|..Hi.AAAAAAAAAAA|'));
  t.true(lines[1].startsWith('00000010  41 41 41'));
  t.is(d.size, 25);
});

test('hexDump stops at its limit', (t) => {
  t.is(hexDump(new Uint8Array(100), 32).split('\n').length, 2);
});

test('empty bodies, invalid base64 and missing fields never throw', (t) => {
  t.is(decodeBody('', undefined).kind, 'empty');
  t.is(requestBody(null).kind, 'empty');
  t.is(requestBody({ postData: { text: 'a=1', mimeType: 'application/x-www-form-urlencoded' } }).display, 'a=1');
  t.is(responseBody({}).kind, 'empty');
  t.is(base64ToBytes('%%%').length, 3);
});

test('bytesAsText rejects invalid UTF-8 and control-heavy data', (t) => {
  t.is(bytesAsText(Uint8Array.from([0xc3, 0x28])), null);
  t.is(bytesAsText(new Uint8Array(10)), null);
  t.is(bytesAsText(new TextEncoder().encode('héllo\n')), 'héllo\n');
  t.is(prettyJson('plain'), null);
});
