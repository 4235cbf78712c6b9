/**
 * Identity without a cluster (config `identity.file`): Kubernetes objects from a YAML or
 * JSON file, applied to the cluster state exactly like informer events, valid for any
 * packet time (the demo and pcap replays). Accepted shapes, also as several YAML documents:
 *
 *   pods: [Pod…]  services: [Service…]  endpointSlices: [EndpointSlice…]  nodes: [Node…]  namespaces: [Namespace…]
 *   kind: List, items: [{kind: Pod, …}, …]      # `kubectl get pods,svc,endpointslices,nodes -A -o yaml`
 *   events: [{at, type, object}…]                 # timed watch events (identity-events.ts)
 *
 * Errors are coded ERR_IDENTITY_FILE with the file and what to fix.
 */
import { readFile } from 'node:fs/promises';
import { parseAllDocuments } from 'yaml';
import type { ClusterState } from './cluster-state.ts';
import { parseIdentityEvents, type IdentityEvent } from './identity-events.ts';
import type { KubeKind, KubeObject } from './identity.ts';

export class IdentityFileError extends Error {
  readonly code = 'ERR_IDENTITY_FILE';
  constructor(
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

const SECTIONS: Record<string, KubeKind> = { namespaces: 'Namespace', nodes: 'Node', services: 'Service', endpointSlices: 'EndpointSlice', pods: 'Pod' };
const KINDS: ReadonlySet<string> = new Set(Object.values(SECTIONS));
/** Apply order: what pods refer to first. */
const ORDER: KubeKind[] = ['Namespace', 'Node', 'Service', 'EndpointSlice', 'Pod'];

/** The objects of an identity document, by kind. */
export function parseIdentityDocument(doc: unknown, source: string): Map<KubeKind, KubeObject[]> {
  const out = new Map<KubeKind, KubeObject[]>(ORDER.map((k) => [k, []]));
  if (doc === null || doc === undefined) return out;
  if (typeof doc !== 'object' || Array.isArray(doc)) throw shapeError(source, 'the top level is not a map');
  const d = doc as KubeObject;
  const add = (kind: KubeKind, o: unknown, where: string): void => {
    if (!o || typeof o !== 'object' || !(o as KubeObject).metadata?.name) throw shapeError(source, `${where} has no metadata.name`);
    out.get(kind)!.push(o as KubeObject);
  };
  let known = Array.isArray(d.events);
  for (const [section, kind] of Object.entries(SECTIONS)) {
    if (d[section] === undefined) continue;
    known = true;
    if (!Array.isArray(d[section])) throw shapeError(source, `'${section}' must be a list`);
    d[section].forEach((o: unknown, i: number) => add(kind, o, `${section}[${i}]`));
  }
  if (Array.isArray(d.items)) {
    known = true;
    d.items.forEach((o: KubeObject, i: number) => {
      if (KINDS.has(o?.kind)) add(o.kind as KubeKind, o, `items[${i}]`);
    });
  } else if (KINDS.has(d.kind)) {
    known = true;
    add(d.kind as KubeKind, d, 'the document');
  }
  if (!known) throw shapeError(source, `no ${Object.keys(SECTIONS).join(', ')} or items found`);
  return out;
}

/** Read `path` and apply every object to `state` as known since always; returns the counts by kind. */
export async function loadStaticIdentity(path: string, state: ClusterState): Promise<Record<KubeKind, number>> {
  return (await loadIdentityFile(path, state)).counts;
}

/**
 * loadStaticIdentity, also returning the file's timed `events` (sorted; not applied: the
 * caller applies them as packet time reaches them, identity-events.ts).
 */
export async function loadIdentityFile(path: string, state: ClusterState): Promise<{ counts: Record<KubeKind, number>; events: IdentityEvent[] }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    throw new IdentityFileError(`cannot read the identity file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'check identity.file');
  }
  const docs = parseAllDocuments(text);
  const counts = Object.fromEntries(ORDER.map((k) => [k, 0])) as Record<KubeKind, number>;
  const all = new Map<KubeKind, KubeObject[]>(ORDER.map((k) => [k, []]));
  const events: IdentityEvent[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length) throw new IdentityFileError(`${path}: ${doc.errors[0].message.split('\n')[0]}`, 'fix the YAML/JSON syntax');
    const js = doc.toJS();
    for (const [kind, list] of parseIdentityDocument(js, path)) all.get(kind)!.push(...list);
    events.push(...parseIdentityEvents(js, (what) => new IdentityFileError(`${path}: ${what}`, 'each event is {at: RFC 3339 time, type: ADDED|MODIFIED|DELETED, object: {kind, metadata, …}}')));
  }
  for (const kind of ORDER) {
    for (const o of all.get(kind)!) state.apply(kind, 'ADDED', o, { from: -Infinity });
    counts[kind] = all.get(kind)!.length;
  }
  return { counts, events: events.sort((a, b) => a.at - b.at) };
}

function shapeError(source: string, what: string): IdentityFileError {
  return new IdentityFileError(`${source}: ${what}`, 'list Kubernetes objects under pods, services, endpointSlices, nodes, namespaces, or give a kind: List with items');
}
