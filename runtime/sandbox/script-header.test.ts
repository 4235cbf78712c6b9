import test from 'ava';
import { parseScriptHeader } from './script-header.ts';

const title = (code: string) => parseScriptHeader(code, 'fallback').title;

test('title: text of the first line comment, trimmed', (t) => {
  t.is(title('// Log Total Captured Packet and KB Every Minute\n\nvar packetCount = 0;'), 'Log Total Captured Packet and KB Every Minute');
  t.is(title('\n\n   //   Spaced title   \nvar a'), 'Spaced title');
});

test('title: first non-empty line of a block comment, without leading stars', (t) => {
  t.is(title('/**\n * Pod Traffic Monitoring Script for Cost Optimization\n * More text.\n */\nvar x;'), 'Pod Traffic Monitoring Script for Cost Optimization');
  t.is(title('/* One-liner */ var x;'), 'One-liner');
});

test('title: the first comment even after code; strings holding // are not comments', (t) => {
  t.is(title('var url = "http://example.com"; // the real title\n'), 'the real title');
  t.is(title("var s = 'a // b';\n/* t */"), 't');
});

test('title: fallback when there is no comment; very long titles are cut', (t) => {
  t.is(title('var x = 1;'), 'fallback');
  t.is(title(''), 'fallback');
  t.is(title(`// ${'x'.repeat(500)}`).length, 200);
});

test('@filter lines in the leading comments; several are combined with and', (t) => {
  t.deepEqual(parseScriptHeader('// Errors\n// @filter http and response.status >= 500\nfunction f() {}', 'x'), { title: 'Errors', filter: 'http and response.status >= 500', goStyle: false });
  t.deepEqual(parseScriptHeader('/*\n * Title\n * @filter dns\n * @filter dst.namespace == ""\n */', 'x'), { title: 'Title', filter: '(dns) and (dst.namespace == "")', goStyle: false });
});

test('@filter after the first code token is ignored; a directive is never the title', (t) => {
  t.deepEqual(parseScriptHeader('// @filter http\nvar a; // @filter dns', 'x'), { title: 'x', filter: 'http', goStyle: false });
});

test('a shebang line is skipped', (t) => {
  t.is(title('#!/usr/bin/env wirehook\n// After shebang\n'), 'After shebang');
});

test('goStyle: set when the source reads a capitalised property', (t) => {
  const go = (code: string) => parseScriptHeader(code, 'x').goStyle;
  t.true(go('function onItemCaptured(data) { if (data.Request.Path === "/") {} }'));
  t.true(go('var n = data["Protocol"];'));
  t.true(go('x.\n  Name'));
  t.false(go('function onItemCaptured(data) { console.log(data.request.path, JSON.stringify(data)); }'));
});
