/**
 * Text from byte views for dissectors: latin1 (header sections), UTF-8 (bodies) and base64
 * (binary bodies) of b[start, end), straight from any Uint8Array view with one native call.
 * The usual `Buffer.from(view.buffer, …).toString(enc, s, e)` allocates a Buffer per call
 * and goes through argument checks; on the per-message path that is a measurable share of
 * the time. Node's Buffer slicers accept any ArrayBufferView as `this`; when a runtime lacks
 * them, the Buffer route is used. The caller keeps 0 <= start <= end <= b.length.
 */

type Slicer = (this: Uint8Array, start: number, end: number) => string;

const proto = Buffer.prototype as unknown as Record<string, Slicer | undefined>;

function slicer(name: string, encoding: BufferEncoding): Slicer {
  const native = proto[name];
  if (typeof native === 'function') return native;
  return function (this: Uint8Array, start: number, end: number): string {
    return Buffer.from(this.buffer, this.byteOffset, this.byteLength).toString(encoding, start, end);
  };
}

const latin1Slice = slicer('latin1Slice', 'latin1');
const utf8Slice = slicer('utf8Slice', 'utf8');
const base64Slice = slicer('base64Slice', 'base64');

/** b[start, end) as latin1 (one char per byte). */
export function latin1Text(b: Uint8Array, start: number, end: number): string {
  return start === end ? '' : latin1Slice.call(b, start, end);
}

/** b[start, end) decoded as UTF-8 (invalid sequences become U+FFFD). */
export function utf8Text(b: Uint8Array, start: number, end: number): string {
  return start === end ? '' : utf8Slice.call(b, start, end);
}

/** b[start, end) as standard base64 with padding. */
export function base64Text(b: Uint8Array, start: number, end: number): string {
  return start === end ? '' : base64Slice.call(b, start, end);
}
