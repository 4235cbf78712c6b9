/**
 * Fan-out of a node's items (after enrichment) to its consumers: the script dispatcher,
 * the stream store and recorder, the hub's item store or the hub uplink, metrics. Each
 * subscriber is called synchronously in subscription order and must not block or throw
 * (a throwing subscriber is counted and the item goes on to the others).
 */
import type { Item } from '../../capture/item.ts';

export type ItemSubscriber = (item: Item) => void;

export class ItemBus {
  private subs: ItemSubscriber[] = [];
  published = 0;
  subscriberErrors = 0;

  /** Returns a function that removes the subscription. */
  subscribe(fn: ItemSubscriber): () => void {
    this.subs = [...this.subs, fn];
    return () => {
      this.subs = this.subs.filter((s) => s !== fn);
    };
  }

  publish(item: Item): void {
    this.published++;
    const subs = this.subs;
    for (let i = 0; i < subs.length; i++) {
      try {
        subs[i](item);
      } catch {
        this.subscriberErrors++;
      }
    }
  }
}
