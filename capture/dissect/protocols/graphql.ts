/**
 * GraphQL over HTTP/1.1 and HTTP/2 (https://graphql.github.io/graphql-over-http/). Not a
 * dissector of its own: an HTTP request carrying a GraphQL operation becomes a GQL item
 * (protocol override, `markGraphql`), called from the HTTP/1 parser and the HTTP/2 stream
 * builder once a request is complete.
 *
 * A request is GraphQL when it carries a GraphQL document — in a JSON body's `query`
 * (object or batch array), an `application/graphql` body, or a `query` URL parameter (GET)
 * — whose first top-level definition starts with `{`, `query`, `mutation`, `subscription`
 * or `fragment`; or when the path names `graphql` and the request carries `query`,
 * `operationName` or `extensions` (persisted queries).
 *
 * Extra request fields: `operationName` (from the body/URL, else the name in the document,
 * else ''), `operationType` ('query' | 'mutation' | 'subscription', '' when unknown) and,
 * for a batch, `batchSize`.
 */
import type { Message, ProtocolInfo } from '../../item.ts';

const GQL_BASE = {
  name: 'gql',
  abbr: 'GQL',
  macro: 'gql',
  backgroundColor: '#e10098',
  foregroundColor: '#ffffff',
  referenceLink: 'https://graphql.org/learn/serving-over-http/',
  ports: Object.freeze(['80', '443', '8080']) as string[],
  layer4: 'tcp' as const,
  priority: 0,
};

export const GQL1_PROTOCOL: ProtocolInfo = Object.freeze({
  ...GQL_BASE,
  version: '1.1',
  longName: 'GraphQL over Hypertext Transfer Protocol -- HTTP/1.1',
  fontSize: 12,
});

export const GQL2_PROTOCOL: ProtocolInfo = Object.freeze({
  ...GQL_BASE,
  version: '2.0',
  longName: 'GraphQL over Hypertext Transfer Protocol Version 2 (HTTP/2)',
  fontSize: 11,
});

export interface GraphqlOperation {
  operationName: string;
  operationType: string;
  batchSize: number;
}

/** Bytes of a document scanned for its definitions. */
const SCAN_CAP = 64 * 1024;
/** Body text parsed as JSON. */
const JSON_CAP = 1024 * 1024;

const TYPES = new Set(['query', 'mutation', 'subscription']);

function isNameStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57);
}

/**
 * Top-level operations of a GraphQL document as [type, name] in order (fragments are
 * skipped), or null when the text does not start like a GraphQL document. Only the
 * outline is scanned: strings, comments and everything inside (...) and {...} are skipped.
 */
export function documentOperations(doc: string): [string, string][] | null {
  const n = Math.min(doc.length, SCAN_CAP);
  const ops: [string, string][] = [];
  let depth = 0;
  let started = false;
  // At depth 0: 0 = before a definition, 1 = after an operation keyword, 2 = inside its header.
  let at = 0;
  let type = '';
  let name = '';
  let fragment = false;
  let i = 0;
  while (i < n) {
    const c = doc.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 44 || c === 0xfeff) {
      i++;
      continue;
    }
    if (c === 35) {
      while (i < n && doc.charCodeAt(i) !== 10) i++;
      continue;
    }
    if (c === 34) {
      i = skipString(doc, i, n);
      continue;
    }
    if (isNameStart(c)) {
      const s = i;
      while (i < n && isNameChar(doc.charCodeAt(i))) i++;
      if (depth > 0) continue;
      const word = doc.slice(s, i);
      if (at === 0) {
        if (TYPES.has(word)) {
          type = word;
          name = '';
          fragment = false;
          at = 1;
        } else if (word === 'fragment') {
          fragment = true;
          at = 2;
        } else if (!started) return null;
        started = true;
      } else if (at === 1) {
        name = word;
        at = 2;
      }
      continue;
    }
    if (!started && c !== 123) return null;
    started = true;
    i++;
    if (c === 123 || c === 40) {
      if (depth === 0 && c === 123) {
        if (at === 0) ops.push(['query', '']);
        else if (!fragment) ops.push([type, name]);
        at = 0;
        fragment = false;
      } else if (depth === 0 && at === 1) at = 2;
      depth++;
    } else if (c === 125 || c === 41) depth = depth > 0 ? depth - 1 : 0;
  }
  return started ? ops : null;
}

function skipString(s: string, i: number, n: number): number {
  if (s.startsWith('"""', i)) {
    const e = s.indexOf('"""', i + 3);
    return e < 0 ? n : e + 3;
  }
  for (i++; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c === 92) i++;
    else if (c === 34 || c === 10) return i + 1;
  }
  return n;
}

function pick(ops: [string, string][], name: string): [string, string] | undefined {
  if (name !== '') for (const op of ops) if (op[1] === name) return op;
  return ops[0];
}

function fromRequest(query: unknown, opName: unknown, hasExtensions: boolean, pathHint: boolean): GraphqlOperation | null {
  const name = typeof opName === 'string' ? opName : '';
  if (typeof query !== 'string') {
    return pathHint && (name !== '' || hasExtensions) ? { operationName: name, operationType: '', batchSize: 0 } : null;
  }
  const ops = documentOperations(query);
  if (ops === null) return pathHint ? { operationName: name, operationType: '', batchSize: 0 } : null;
  const op = pick(ops, name);
  return { operationName: name || op?.[1] || '', operationType: op?.[0] ?? '', batchSize: 0 };
}

/**
 * The GraphQL operation of a request, or null when it is not GraphQL. `body` is the
 * request body as text ('' when none or binary); `query` the parsed URL query.
 */
export function graphqlOperation(path: string, mimeType: string, body: string, query: Record<string, string | string[]>): GraphqlOperation | null {
  const pathHint = path.toLowerCase().includes('graphql');
  const b0 = body.length > 0 ? body.charCodeAt(0) : 0;
  if (mimeType.startsWith('application/graphql') && !mimeType.includes('json')) return fromRequest(body, '', false, true);
  if ((b0 === 123 || b0 === 91) && body.length <= JSON_CAP && (pathHint || body.includes('"query"'))) {
    let v: unknown;
    try {
      v = JSON.parse(body);
    } catch {
      v = undefined;
    }
    if (Array.isArray(v)) {
      const o = v.length > 0 && typeof v[0] === 'object' && v[0] !== null ? (v[0] as Record<string, unknown>) : null;
      const op = o ? fromRequest(o.query, o.operationName, o.extensions !== undefined, pathHint) : null;
      if (op) op.batchSize = v.length;
      return op;
    }
    if (typeof v === 'object' && v !== null) {
      const o = v as Record<string, unknown>;
      return fromRequest(o.query, o.operationName, o.extensions !== undefined, pathHint);
    }
  }
  if (!pathHint) return null;
  const q = query.query;
  const name = query.operationName;
  return fromRequest(Array.isArray(q) ? q[0] : q, Array.isArray(name) ? name[0] : name, query.extensions !== undefined, true);
}

/**
 * If request message `m` (HTTP request fields) is GraphQL, add `operationName`,
 * `operationType` (and `batchSize`) to its fields and set its protocol to GQL over
 * HTTP/`version`.
 */
export function markGraphql(m: Message, version: 1 | 2): void {
  const f = m.fields;
  const pd = f.postData;
  const text = pd && pd.encoding !== 'base64' && typeof pd.text === 'string' ? pd.text : '';
  const op = graphqlOperation(typeof f.path === 'string' ? f.path : '', pd && typeof pd.mimeType === 'string' ? pd.mimeType.toLowerCase() : '', text, f.queryString ?? {});
  if (op === null) return;
  f.operationName = op.operationName;
  f.operationType = op.operationType;
  if (op.batchSize > 0) f.batchSize = op.batchSize;
  m.protocol = version === 1 ? GQL1_PROTOCOL : GQL2_PROTOCOL;
}
