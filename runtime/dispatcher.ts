/**
 * The dispatcher (DESIGN.md §5): fans packets, items and other hook calls out to the
 * loaded scripts.
 *
 * Items: `pushItem` collects items into a batch (config scripting.batchSize); a batch is
 * flushed when full or, live, at the next macrotask. Each item is serialised ONCE (JSON);
 * each script's KFL pre-filter runs on the host, so rejected items never cross; each
 * distinct subset becomes one ExternalCopy (shared-batch.ts) copied into every subscribed
 * sandbox, whose trampoline un-batches it. Items must not change between `pushItem` and
 * the flush (the same tick, live).
 * Packets: `wantsPackets` is false unless a running script defines onPacketCaptured — the
 * pipeline builds PacketInfos only then. Packet infos are serialised when pushed (the
 * caller may reuse the object) and batched the same way.
 * Live, a sandbox whose queue is full drops the batch (counted); capture never waits.
 * Offline, nothing is dropped: the runner flushes and awaits `idle()` (backpressure).
 */
import type { Item } from '../capture/item.ts';
import type { CompiledFilter } from '../capture/kfl/index.ts';
import type { HookArgs, HookName, PacketInfo } from './hooks.ts';
import type { Sandbox } from './sandbox/sandbox.ts';
import { SharedBatch } from './sandbox/shared-batch.ts';
import type { TaskQueue } from './task-queue.ts';
import { itemJson } from '../capture/item-json.ts';

export interface DispatcherOptions {
  /** 'live': batches flush by themselves; 'offline': the caller flushes and awaits idle(). */
  mode: 'live' | 'offline';
  /** Items per batch. Default 256. */
  batchSize?: number;
  /** Packets per batch. Default 1024. */
  packetBatchSize?: number;
  /** Filter every item must pass before any script sees it (wirehook run --filter). */
  filter?: CompiledFilter | null;
}

export class Dispatcher {
  private readonly sandboxes: Sandbox[] = [];
  private itemSubs: Sandbox[] = [];
  private packetSubs: Sandbox[] = [];
  private items: Item[] = [];
  private packets: string[] = [];
  private scheduled = false;
  private readonly batchSize: number;
  private readonly packetBatchSize: number;
  /** A running script defines onPacketCaptured: build and push PacketInfos. */
  wantsPackets = false;
  /** A running script defines onItemCaptured. */
  wantsItems = false;

  constructor(private readonly o: DispatcherOptions) {
    this.batchSize = Math.max(1, o.batchSize ?? 256);
    this.packetBatchSize = Math.max(1, o.packetBatchSize ?? 1024);
  }

  /** Loaded sandboxes in load order. */
  list(): readonly Sandbox[] {
    return this.sandboxes;
  }

  add(sb: Sandbox): void {
    if (!this.sandboxes.includes(sb)) this.sandboxes.push(sb);
    this.refresh();
  }

  /** Swaps `next` in at `old`'s position (hot reload); the caller disposes `old`. */
  replace(old: Sandbox, next: Sandbox): void {
    const i = this.sandboxes.indexOf(old);
    if (i < 0) this.sandboxes.push(next);
    else this.sandboxes[i] = next;
    this.refresh();
  }

  remove(sb: Sandbox): void {
    const i = this.sandboxes.indexOf(sb);
    if (i >= 0) this.sandboxes.splice(i, 1);
    this.refresh();
  }

  /** Recomputes subscriptions; called when a sandbox's state or defined hooks change. */
  refresh(): void {
    this.itemSubs = this.sandboxes.filter((s) => s.defines('onItemCaptured'));
    this.packetSubs = this.sandboxes.filter((s) => s.defines('onPacketCaptured'));
    this.wantsItems = this.itemSubs.length > 0;
    this.wantsPackets = this.packetSubs.length > 0;
  }

  pushItem(item: Item): void {
    if (!this.wantsItems) return;
    if (this.o.filter && !this.o.filter.match(item)) return;
    this.items.push(item);
    if (this.items.length >= this.batchSize) this.flushItems();
    else this.schedule();
  }

  pushPacket(info: PacketInfo): void {
    if (!this.wantsPackets) return;
    this.packets.push(JSON.stringify(info));
    if (this.packets.length >= this.packetBatchSize) this.flushPackets();
    else this.schedule();
  }

  /** Hands pending items and packets to the sandboxes now. */
  flush(): void {
    this.flushPackets();
    this.flushItems();
  }

  /** Resolves when every sandbox queue is empty (after flushing). */
  async idle(): Promise<void> {
    for (;;) {
      this.flush();
      const queues = [...new Set<TaskQueue>(this.sandboxes.map((s) => s.queue))];
      if (queues.every((q) => q.size === 0)) return;
      await Promise.all(queues.map((q) => q.idle()));
    }
  }

  /**
   * onItemQueried through every script that defines it, in load order: an object a script
   * returns replaces the item for the next script and for the caller.
   */
  async queryItem(item: Item): Promise<Item> {
    let current: Item = item;
    let json = JSON.stringify(item);
    for (const sb of this.sandboxes.filter((s) => s.defines('onItemQueried'))) {
      const r = await sb.invoke('onItemQueried', `[${json}]`);
      if (r === undefined) continue;
      try {
        current = JSON.parse(r) as Item;
        json = r;
      } catch {
        // Unreadable result: the item shown stays as it was.
      }
    }
    return current;
  }

  /** Calls a (non-hot) hook in every script that defines it (or is still loading); resolves when all are done. */
  async invokeHook<K extends HookName>(name: K, args: HookArgs[K], depth = 0): Promise<void> {
    const targets = this.sandboxes.filter((s) => s.state === 'loading' || s.defines(name));
    if (!targets.length) return;
    const json = JSON.stringify(args);
    await Promise.all(targets.map((s) => s.invoke(name, json, depth)));
  }

  private schedule(): void {
    if (this.scheduled || this.o.mode !== 'live') return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flush();
    });
  }

  private flushPackets(): void {
    const parts = this.packets;
    if (!parts.length) return;
    this.packets = [];
    const subs = this.packetSubs;
    if (!subs.length) return;
    const batch = new SharedBatch(parts, subs.length);
    for (const s of subs) s.enqueueBatch('onPacketCaptured', batch);
  }

  private flushItems(): void {
    const items = this.items;
    if (!items.length) return;
    this.items = [];
    const subs = this.itemSubs;
    if (!subs.length) return;
    const parts = items.map(itemJson);
    const groups = new Map<string, { filter: CompiledFilter | null; subs: Sandbox[] }>();
    for (const s of subs) {
      const key = s.itemFilter ? s.itemFilter.query : '';
      const g = groups.get(key) ?? { filter: s.itemFilter, subs: [] };
      g.subs.push(s);
      groups.set(key, g);
    }
    for (const g of groups.values()) {
      const picked = g.filter ? parts.filter((_, i) => g.filter!.match(items[i])) : parts;
      if (!picked.length) continue;
      const batch = new SharedBatch(picked, g.subs.length);
      for (const s of g.subs) s.enqueueBatch('onItemCaptured', batch);
    }
  }
}
