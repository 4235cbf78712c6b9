/**
 * Opaque paging cursors of the items API: a cursor names the store seq to continue below
 * (newest first). Clients must not build or parse them; a malformed one is a client error.
 */
const PREFIX = 'i1.';

export function encodeCursor(seq: number): string {
  return PREFIX + Buffer.from(String(seq)).toString('base64url');
}

/** The seq a cursor continues below, or null when it is not a cursor this server issued. */
export function decodeCursor(cursor: string): number | null {
  if (!cursor.startsWith(PREFIX) || cursor.length > 40) return null;
  const text = Buffer.from(cursor.slice(PREFIX.length), 'base64url').toString('utf8');
  if (!/^\d{1,15}$/.test(text)) return null;
  return Number(text);
}
