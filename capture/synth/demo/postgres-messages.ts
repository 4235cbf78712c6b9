/**
 * PostgreSQL frontend/backend protocol v3 messages for the demo's database traffic (no
 * dissector claims them: the items are raw TCP summaries, as for any unknown protocol):
 * startup and authentication, simple queries, and their results or errors.
 */

const enc = new TextEncoder();

function message(type: string, body: Uint8Array): Uint8Array {
  const out = new Uint8Array(5 + body.length);
  out[0] = type.charCodeAt(0);
  new DataView(out.buffer).setInt32(1, 4 + body.length);
  out.set(body, 5);
  return out;
}

function cstrings(...parts: string[]): Uint8Array {
  return enc.encode(parts.map((p) => p + '\0').join(''));
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

/** StartupMessage (protocol 3.0) for `user` on `database`. */
export function pgStartup(user: string, database: string, app: string): Uint8Array {
  const params = cstrings('user', user, 'database', database, 'application_name', app, '');
  const out = new Uint8Array(8 + params.length);
  const v = new DataView(out.buffer);
  v.setInt32(0, out.length);
  v.setInt32(4, 196608);
  out.set(params, 8);
  return out;
}

/** AuthenticationOk, a few ParameterStatus, BackendKeyData and ReadyForQuery. */
export function pgReady(pid: number): Uint8Array {
  const key = new Uint8Array(8);
  new DataView(key.buffer).setInt32(0, pid);
  new DataView(key.buffer).setInt32(4, pid * 7919);
  return concat([
    message('R', new Uint8Array(4)),
    message('S', cstrings('server_version', '16.2')),
    message('S', cstrings('client_encoding', 'UTF8')),
    message('S', cstrings('TimeZone', 'UTC')),
    message('K', key),
    message('Z', enc.encode('I')),
  ]);
}

export function pgQuery(sql: string): Uint8Array {
  return message('Q', cstrings(sql));
}

/** RowDescription (text columns), DataRows, CommandComplete and ReadyForQuery. */
export function pgRows(columns: string[], rows: string[][], tag: string): Uint8Array {
  const desc: number[] = [columns.length >> 8, columns.length & 255];
  for (const c of columns) desc.push(...enc.encode(c + '\0'), 0, 0, 0, 0, 0, 0, 0, 0, 0, 25, 255, 255, 255, 255, 0, 0);
  const parts = [message('T', Uint8Array.from(desc))];
  for (const r of rows) {
    const b: number[] = [r.length >> 8, r.length & 255];
    for (const v of r) {
      const bytes = enc.encode(v);
      b.push((bytes.length >>> 24) & 255, (bytes.length >>> 16) & 255, (bytes.length >>> 8) & 255, bytes.length & 255, ...bytes);
    }
    parts.push(message('D', Uint8Array.from(b)));
  }
  parts.push(message('C', cstrings(tag)), message('Z', enc.encode('I')));
  return concat(parts);
}

/** CommandComplete for a statement without rows (INSERT 0 1, UPDATE 1 …) and ReadyForQuery. */
export function pgCommand(tag: string): Uint8Array {
  return concat([message('C', cstrings(tag)), message('Z', enc.encode('I'))]);
}

/** ErrorResponse (severity, SQLSTATE, message) and ReadyForQuery. */
export function pgError(code: string, text: string): Uint8Array {
  const body = enc.encode(`SERROR\0VERROR\0C${code}\0M${text}\0\0`);
  return concat([message('E', body), message('Z', enc.encode('I'))]);
}

/** Terminate. */
export function pgTerminate(): Uint8Array {
  return message('X', new Uint8Array(0));
}
