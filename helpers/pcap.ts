/**
 * pcap.* (SCRIPT-API.md §3) on the node's stream store (capture/store): pcaps of TCP/UDP
 * streams, merged snapshots and the name-resolution history. Files are written inside the
 * data directory (safe paths, disk quota as file.*) and returned as data-dir-relative paths,
 * so they can go straight to `file.*`, `vendor.s3.put` or `vendor.slackBot`:
 * - `pcap.path(stream)` → `pcaps/<stream>` (rewritten only when the stream has new packets;
 *   removed when the stream store evicts the stream);
 * - `pcap.snapshot(selected?, dir?)` → `snapshots/<unix seconds>.pcap` (`_1`, `_2` … when
 *   that name is taken).
 */
import { mkdir, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import type { NameHistory } from '../capture/store/dns-name-history.ts';
import { pcapFilePull } from '../capture/store/packet-pull.ts';
import { mergeToPcap } from '../capture/store/pcap-merge.ts';
import type { StreamSlice, StreamStore } from '../capture/store/stream-store.ts';
import { arr, args, optional, str } from './args.ts';
import { defineOp, type OpContext } from './define-op.ts';
import { fileOp } from './file/file-ops.ts';
import { FileOpError } from './file/file-errors.ts';
import type { FileSpace } from './file/file-space.ts';

declare module './define-op.ts' {
  interface OpServices {
    /** The node's stream store (capture/store/stream-store.ts), where it records packets. */
    streams: StreamStore;
    /** Name-resolution history: the Kubernetes identity tables, or DNS-learned (capture/store/dns-name-history.ts). */
    nameHistory: NameHistory;
  }
}

/** Stream names as items carry them: 12 digits, `_udp`/`_icmp` for datagram flows. */
export const STREAM_NAME = /^\d{12}(_udp|_icmp)?\.pcap$/;

function storeOf(ctx: OpContext, op: string): StreamStore {
  const s = ctx.services.streams;
  if (!s) throw new FileOpError('ERR_STREAMS_OFF', `${op}: the stream store is not running on this node (enable storage.streams; the hub has none)`);
  return s;
}

async function fileSize(abs: string): Promise<number> {
  try {
    return (await stat(abs)).size;
  } catch {
    return 0;
  }
}

/** Bytes a merge of `slices` will write (records + header). */
function sliceBytes(slices: StreamSlice[]): number {
  let n = 24;
  for (const s of slices) for (let i = 2; i < s.locs.length; i += 3) n += s.locs[i];
  return n;
}

/** `snapshots/<sec>.pcap`, or `_1`, `_2` … when taken. */
async function snapshotPath(space: FileSpace, sec: number): Promise<string> {
  for (let n = 0; ; n++) {
    const rel = `snapshots/${sec}${n ? `_${n}` : ''}.pcap`;
    const abs = await space.resolve(rel, { access: 'write' });
    if ((await fileSize(abs)) === 0) return rel;
  }
}

/** Writes the pcap of one stream into the data dir; returns its relative path. */
export async function streamPcap(space: FileSpace, store: StreamStore, op: string, stream: string): Promise<string> {
  if (!STREAM_NAME.test(stream)) throw new FileOpError('ERR_STREAM_NAME', `${op}: ${JSON.stringify(stream)} is not a stream name (items carry them in data.stream, e.g. "000000000042.pcap")`);
  const entry = store.index.get(stream);
  if (!entry) throw new FileOpError('ERR_STREAM_UNKNOWN', `${op}: stream ${stream} is not in the stream store (not seen on this node, or its packets were evicted)`);
  const rel = `pcaps/${stream}`;
  const abs = await space.resolve(rel, { access: 'write' });
  const old = await fileSize(abs);
  if (entry.materialized === entry.end && old > 0) return rel;
  const slice = store.slice(stream)!;
  const bytes = sliceBytes([slice]);
  await space.ensureSpace(op, bytes - old);
  await mkdir(path.dirname(abs), { recursive: true });
  const res = await store.writeSlices([slice], abs);
  entry.materialized = slice.end;
  await space.noteWritten(res.bytes - old);
  return rel;
}

export const pcapOps = [
  defineOp({
    name: 'pcap.path',
    kind: 'async',
    args: args([str('stream', { maxLength: 64 })]),
    signature: '(stream: string): string',
    doc: 'Path (relative to the data directory) of a pcap file holding every packet of the TCP or UDP stream `stream` (`data.stream` of an item, e.g. `"000000000042.pcap"`) that the stream store still has. Throws when the stream is unknown on this node or was evicted (`storage.streams` bounds).',
    run: (ctx, stream) => fileOp(ctx, 'pcap.path', (space) => streamPcap(space, storeOf(ctx, 'pcap.path'), 'pcap.path', stream)),
  }),
  defineOp({
    name: 'pcap.snapshot',
    kind: 'async',
    args: args([optional(arr('selectedStreams')), optional(str('dir', { maxLength: 4096 }))]),
    signature: '(selectedStreams?: string[], dir?: string): string',
    doc: 'Merges packets in time order into one new pcap and returns its path, `snapshots/<unix seconds>.pcap`. Without `dir`: every stream in the stream store, or only `selectedStreams` (stream names; names not in the store are reported in the console and skipped). With `dir` (a folder in the data directory): the pcap files in it, or only those named in `selectedStreams`.',
    run: (ctx, selected, dir) =>
      fileOp(ctx, 'pcap.snapshot', async (space) => {
        const names = (selected ?? []).map((s, i) => {
          if (typeof s !== 'string') throw new FileOpError('ERR_HELPER_ARGUMENT', `pcap.snapshot: selectedStreams[${i}] must be a string`);
          return s;
        });
        const rel = await snapshotPath(space, Math.floor(ctx.clock.now() / 1000));
        const out = await space.resolve(rel, { access: 'write' });
        await mkdir(path.dirname(out), { recursive: true });
        let written: number;
        if (dir !== undefined && dir !== '') {
          const folder = await space.resolve(dir);
          const files = names.length ? names : (await readdir(folder)).filter((f) => /\.pcap(ng)?$/.test(f)).sort();
          for (const f of files) if (f.includes('/') || f.includes('\\') || f === '..') throw new FileOpError('ERR_FILE_PATH', `pcap.snapshot: ${JSON.stringify(f)} must be a file name inside ${dir}`);
          await space.ensureSpace('pcap.snapshot', (await Promise.all(files.map((f) => fileSize(path.join(folder, f))))).reduce((a, b) => a + b, 0));
          written = (await mergeToPcap(files.map((f) => pcapFilePull(path.join(folder, f))), out)).bytes;
        } else {
          const store = storeOf(ctx, 'pcap.snapshot');
          if (names.length === 0) {
            await space.ensureSpace('pcap.snapshot', store.diskBytes());
            written = (await store.writeAll(out)).bytes;
          } else {
            const slices: StreamSlice[] = [];
            const unknown: string[] = [];
            for (const n of names) {
              const s = store.slice(n);
              if (s) slices.push(s);
              else unknown.push(n);
            }
            if (unknown.length) ctx.console.error(`pcap.snapshot: ${unknown.length} selected stream(s) not in the stream store (evicted or never seen): ${unknown.slice(0, 10).join(', ')}`);
            await space.ensureSpace('pcap.snapshot', sliceBytes(slices));
            written = (await store.writeSlices(slices, out)).bytes;
          }
        }
        await space.noteWritten(written);
        return rel;
      }),
  }),
  defineOp({
    name: 'pcap.nameResolutionHistory',
    kind: 'sync',
    args: args([]),
    signature: '(): Record<string, Record<string, { FullAddress: string; Namespace: string }>>',
    doc: 'IP → name history of this node: `{ "<unix seconds>": { "<ip>" or "<ip:port>": { FullAddress, Namespace } } }`, each key the time those names were learned (Kubernetes identities when available; names from DNS answers seen in traffic otherwise).',
    run: (ctx) => (ctx.services.nameHistory ?? EMPTY_HISTORY).snapshot(),
  }),
];

const EMPTY_HISTORY: NameHistory = { snapshot: () => ({}) };
