/**
 * The hook table (DESIGN.md §4.1, SCRIPT-API.md §2): every hook a script may define, declared
 * once. `HookArgs` maps each hook name to its argument tuple (the mitt event-map idiom); the
 * dispatcher, the guest trampoline (which receives `hookNames` in this order and reports the
 * defined hooks as a bit mask over it), `scripts/script-api.d.ts` and `docs/script-api.md`
 * all derive from `hookTable`. Adding a hook = one entry in `HookArgs` + one in `hookTable`.
 */
import type { Item } from '../capture/item.ts';
import type { PacketInfo } from '../capture/packet-info.ts';

/** Argument of `onPacketCaptured` (SCRIPT-API.md §2), built by the capture pipeline. */
export type { PacketInfo } from '../capture/packet-info.ts';

/** A Kubernetes Pod object as the API returns it (JSON names). */
export type PodObject = Record<string, unknown>;

/** Argument tuple of every hook. */
export interface HookArgs {
  onPacketCaptured: [info: PacketInfo];
  onItemCaptured: [data: Item];
  onItemQueried: [data: Item];
  onJobPassed: [tag: string, cron: string, limit: number];
  onJobFailed: [tag: string, cron: string, limit: number, err: string];
  onHubAction: [action: string, object: unknown];
  onPodEvent: [event: 'ADDED' | 'MODIFIED' | 'DELETED', pod: PodObject];
}

export type HookName = keyof HookArgs;

/** What a script's hook looks like from the host's point of view. */
export type HookHandler<K extends HookName> = (...args: HookArgs[K]) => unknown;
export type ScriptHooks = { [K in HookName]?: HookHandler<K> };

export interface HookParam {
  name: string;
  /** TypeScript type as written in script-api.d.ts (types declared there: Item, PacketInfo, Pod). */
  type: string;
  doc: string;
}

/** One HookParam per element of an argument tuple. */
type ParamDocs<T extends unknown[]> = { [I in keyof T]: HookParam };

export interface HookSpec<K extends HookName> {
  name: K;
  /** One entry per element of `HookArgs[K]`. */
  params: ParamDocs<HookArgs[K]>;
  /** Where the hook is called. A single-machine node runs both roles. */
  runsOn: 'worker' | 'hub' | 'both';
  /**
   * Hot hooks fire per packet/item: they are batched (one crossing per batch, the guest
   * un-batches) and dropped when the script's queue is full. Others are single calls.
   */
  hot: boolean;
  /** 'ignored', or 'replaces-item' (an object returned by onItemQueried replaces the item shown). */
  returns: 'ignored' | 'replaces-item';
  /** When it is called, one sentence. */
  when: string;
  doc: string;
}

export const hookTable: { [K in HookName]: HookSpec<K> } = {
  onPacketCaptured: {
    name: 'onPacketCaptured',
    params: [{ name: 'info', type: 'PacketInfo', doc: 'timestamp, captureLength, length, truncated, fragmented, src, dst, transport, tcpFlags, tcpSeq, payloadLength' }],
    runsOn: 'worker',
    hot: true,
    returns: 'ignored',
    when: 'for every captured packet',
    doc: 'Costs nothing when no script defines it. Aggregate into globals here and report from a job; avoid helpers that do I/O.',
  },
  onItemCaptured: {
    name: 'onItemCaptured',
    params: [{ name: 'data', type: 'Item', doc: 'the dissected item (request/response pair or message)' }],
    runsOn: 'worker',
    hot: true,
    returns: 'ignored',
    when: 'for every dissected item',
    doc: 'Items a script\'s `// @filter` header rejects never reach it. Each script gets its own copy: changes are invisible to other scripts.',
  },
  onItemQueried: {
    name: 'onItemQueried',
    params: [{ name: 'data', type: 'Item', doc: 'the item being opened' }],
    runsOn: 'hub',
    hot: false,
    returns: 'replaces-item',
    when: 'when an item is opened or fetched in the dashboard or API',
    doc: 'Return an object (e.g. `test.pass(data)` / `test.fail(data)`) to replace the item shown; any other return value is ignored.',
  },
  onJobPassed: {
    name: 'onJobPassed',
    params: [
      { name: 'tag', type: 'string', doc: 'normalised job tag' },
      { name: 'cron', type: 'string', doc: 'the cron expression' },
      { name: 'limit', type: 'number', doc: 'run limit, 0 = no limit' },
    ],
    runsOn: 'both',
    hot: false,
    returns: 'ignored',
    when: 'after any script\'s job run returns',
    doc: 'Delivered to every script (Kubeshark behaviour).',
  },
  onJobFailed: {
    name: 'onJobFailed',
    params: [
      { name: 'tag', type: 'string', doc: 'normalised job tag' },
      { name: 'cron', type: 'string', doc: 'the cron expression' },
      { name: 'limit', type: 'number', doc: 'run limit, 0 = no limit' },
      { name: 'err', type: 'string', doc: 'the error message' },
    ],
    runsOn: 'both',
    hot: false,
    returns: 'ignored',
    when: 'after any script\'s job run throws',
    doc: 'Delivered to every script (Kubeshark behaviour).',
  },
  onHubAction: {
    name: 'onHubAction',
    params: [
      { name: 'action', type: 'string', doc: 'the action name given to hub.action' },
      { name: 'object', type: 'any', doc: 'the JSON value given to hub.action' },
    ],
    runsOn: 'hub',
    hot: false,
    returns: 'ignored',
    when: 'on the hub, when any script calls hub.action(action, object)',
    doc: 'On a single machine the hub is local: every script\'s onHubAction receives it, after the calling hook returns.',
  },
  onPodEvent: {
    name: 'onPodEvent',
    params: [
      { name: 'event', type: '"ADDED" | "MODIFIED" | "DELETED"', doc: 'watch event type' },
      { name: 'pod', type: 'Pod', doc: 'the Pod object (JSON names; Go names like pod.ObjectMeta.Labels also read)' },
    ],
    runsOn: 'both',
    hot: false,
    returns: 'ignored',
    when: 'on Kubernetes pod watch events',
    doc: 'Useful to take a snapshot before a crashing pod goes away.',
  },
};

/** Hook names in table order: the index is the hook's bit in the guest's defined-hooks mask. */
export const hookNames = Object.keys(hookTable) as HookName[];

const indexByName = new Map<string, number>(hookNames.map((n, i) => [n, i]));

export function isHookName(name: string): name is HookName {
  return indexByName.has(name);
}

export function hookIndex(name: HookName): number {
  return indexByName.get(name)!;
}

/** Bit of `name` in a defined-hooks mask. */
export function hookBit(name: HookName): number {
  return 1 << hookIndex(name);
}

/** Hook names present in a defined-hooks mask. */
export function hooksInMask(mask: number): HookName[] {
  return hookNames.filter((_, i) => (mask & (1 << i)) !== 0);
}
