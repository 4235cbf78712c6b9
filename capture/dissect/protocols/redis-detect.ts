/**
 * `detect()` for Redis. Client side: a RESP array of bulk strings (`*3\r\n$3\r\nSET…`)
 * is certain; an inline command (`PING\r\n`) is likely when its first word is a common
 * Redis command. Server side (a capture that missed the client's first bytes): only
 * unmistakable replies (`+OK\r\n`, `-ERR `, `$5\r\n`, `*2\r\n`, `:1\r\n`, `_\r\n`) score,
 * and less than a client-side match.
 */

const INLINE = new Set([
  'PING', 'ECHO', 'AUTH', 'HELLO', 'SELECT', 'GET', 'SET', 'DEL', 'EXISTS', 'INCR', 'DECR', 'KEYS', 'INFO', 'MGET', 'MSET',
  'HGET', 'HSET', 'HGETALL', 'LPUSH', 'RPUSH', 'LPOP', 'RPOP', 'LRANGE', 'SADD', 'SMEMBERS', 'ZADD', 'ZRANGE', 'EXPIRE',
  'TTL', 'SUBSCRIBE', 'PUBLISH', 'MULTI', 'EXEC', 'CLIENT', 'CONFIG', 'FLUSHALL', 'FLUSHDB', 'DBSIZE', 'QUIT', 'MONITOR', 'SCAN',
]);

const ERROR_CODES = ['ERR', 'WRONGTYPE', 'NOAUTH', 'NOPERM', 'MOVED', 'ASK', 'LOADING', 'BUSY', 'NOSCRIPT', 'READONLY', 'OOM', 'EXECABORT', 'CLUSTERDOWN', 'WRONGPASS', 'NOPROTO'];

/** Index after a decimal length (optionally "-1") ending in CRLF at b[i..]; -1 if not; -2 if the sample ends first. */
function lengthLine(b: Uint8Array, i: number): number {
  const start = i;
  if (i < b.length && b[i] === 0x2d) i++;
  while (i < b.length && b[i] >= 0x30 && b[i] <= 0x39 && i - start < 12) i++;
  if (i === b.length) return -2;
  if (i === start || b[i] !== 0x0d) return -1;
  if (i + 1 === b.length) return -2;
  return b[i + 1] === 0x0a ? i + 2 : -1;
}

function startsWithWord(b: Uint8Array, words: string[] | Set<string>, at: number): string {
  let end = at;
  while (end < b.length && end - at < 16 && ((b[end] >= 0x41 && b[end] <= 0x5a) || (b[end] >= 0x61 && b[end] <= 0x7a))) end++;
  if (end === at || (end < b.length && b[end] !== 0x20 && b[end] !== 0x0d && b[end] !== 0x0a)) return '';
  const w = String.fromCharCode(...b.subarray(at, end)).toUpperCase();
  const has = Array.isArray(words) ? words.includes(w) : words.has(w);
  return has ? w : '';
}

export function detectRedis(b: Uint8Array, dir: 0 | 1): number {
  if (b.length === 0) return 0;
  const c = b[0];
  if (dir === 0) {
    if (c === 0x2a) {
      const p = lengthLine(b, 1);
      if (p === -2) return 0.3;
      if (p < 0) return 0;
      if (p === b.length) return 0.5;
      return b[p] === 0x24 ? 1 : 0;
    }
    return startsWithWord(b, INLINE, 0) !== '' ? 0.6 : 0;
  }
  // '+' simple string, '-' error, '_' null: only the unmistakable ones.
  if (c === 0x2b) {
    const w = startsWithWord(b, ['OK', 'PONG', 'QUEUED'], 1);
    return w !== '' && b[1 + w.length] === 0x0d && b[2 + w.length] === 0x0a ? 0.8 : 0;
  }
  if (c === 0x2d) return startsWithWord(b, ERROR_CODES, 1) !== '' ? 0.8 : 0;
  if (c === 0x5f) return b.length >= 3 && b[1] === 0x0d && b[2] === 0x0a ? 0.6 : 0;
  // '$' '*' ':' '%' '~' '>': a length or integer line.
  if (c === 0x24 || c === 0x2a || c === 0x3a || c === 0x25 || c === 0x7e || c === 0x3e) {
    const p = lengthLine(b, 1);
    return p > 0 ? 0.6 : p === -2 ? 0.2 : 0;
  }
  return 0;
}
