import test from 'ava';
import { base64Text, latin1Text, utf8Text } from './byte-text.ts';

test('latin1Text / utf8Text / base64Text match Buffer on views at an offset', (t) => {
  const backing = Buffer.from('xx\u00e9t\u00e9 \u20ac GET / HTTP/1.1\r\n\u00ffyy', 'utf8');
  const view = new Uint8Array(backing.buffer, backing.byteOffset + 2, backing.length - 4);
  const buf = Buffer.from(view.buffer, view.byteOffset, view.byteLength);
  for (const [s, e] of [[0, view.length], [3, 9], [0, 0], [5, 5], [view.length - 1, view.length]]) {
    t.is(latin1Text(view, s, e), buf.toString('latin1', s, e), `latin1 ${s}-${e}`);
    t.is(utf8Text(view, s, e), buf.toString('utf8', s, e), `utf8 ${s}-${e}`);
    t.is(base64Text(view, s, e), buf.toString('base64', s, e), `base64 ${s}-${e}`);
  }
  t.is(latin1Text(new Uint8Array([0x80, 0x9f, 0xe9]), 0, 3), '\u0080\u009f\u00e9', 'latin1 is one char per byte, C1 controls included');
});
