/**
 * Safe writes of wire-controlled keys (header names, query keys, cookie names) into the
 * plain objects that become item fields. A key such as `__proto__` or `constructor` must
 * become an ordinary own property, never touch the prototype.
 */

function defineOwn(obj: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Set `obj[key] = value` as an own property. */
export function putField(obj: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') defineOwn(obj, key, value);
  else obj[key] = value;
}

/** Own string value of `obj[key]`, or undefined (inherited members do not count). */
export function ownString(obj: Record<string, unknown>, key: string): string | undefined {
  const v = obj[key];
  return typeof v === 'string' && Object.prototype.hasOwnProperty.call(obj, key) ? v : undefined;
}

/** Header-style merge: a repeated name joins the values with ", " (RFC 9110 §5.3). */
export function joinField(obj: Record<string, string>, key: string, value: string): void {
  const prev = obj[key];
  if (typeof prev === 'string' && Object.prototype.hasOwnProperty.call(obj, key)) obj[key] = prev + ', ' + value;
  else putField(obj, key, value);
}

/** Query-style merge: a repeated key turns the value into an array of values. */
export function multiField(obj: Record<string, string | string[]>, key: string, value: string): void {
  const prev = Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
  if (prev === undefined) putField(obj, key, value);
  else if (typeof prev === 'string') obj[key] = [prev, value];
  else prev.push(value);
}
