/**
 * Time-aware address book: per IP, the spans of time during which it belonged to one
 * identity (a pod, a service, a node, a DNS name). IPs are reused — a deleted pod's address
 * goes to a new pod — so a packet is resolved as of its own timestamp, not as of now.
 *
 * Invariants per IP: spans are sorted by `from`, do not overlap, and at most the last one
 * is open (`to` = Infinity). Opening a span closes the open one at the new span's start;
 * a span never starts before the previous one ended. Lookups scan from the newest span, so
 * live traffic (resolved at "now") costs one comparison.
 */

export interface Span<T> {
  /** Epoch ms, inclusive (-Infinity: since before anything was known). */
  from: number;
  /** Epoch ms, exclusive (Infinity: still valid). */
  to: number;
  value: T;
}

export class IpHistory<T> {
  private readonly spans = new Map<string, Span<T>[]>();

  /** IPs with at least one span. */
  get size(): number {
    return this.spans.size;
  }

  /**
   * `ip` belongs to `value` from `from` on. The current open span is closed at `from` (or
   * replaced when it started at the same time or later); when `from` falls before the end
   * of the last closed span, the new span starts at that end.
   */
  open(ip: string, from: number, value: T): void {
    let list = this.spans.get(ip);
    if (list === undefined) {
      list = [];
      this.spans.set(ip, list);
    }
    while (list.length > 0) {
      const last = list[list.length - 1];
      if (last.to !== Infinity) {
        if (from < last.to) from = last.to;
        break;
      }
      if (last.from < from) {
        last.to = from;
        break;
      }
      list.pop();
    }
    list.push({ from, to: Infinity, value });
  }

  /** Replace the value of the open span (the same identity changed, e.g. labels). */
  update(ip: string, value: T, same: (v: T) => boolean): boolean {
    const last = this.last(ip);
    if (last === undefined || last.to !== Infinity || !same(last.value)) return false;
    last.value = value;
    return true;
  }

  /** Close the open span of `ip` at `to` when `same(value)` (it still belongs to that identity). */
  close(ip: string, to: number, same: (v: T) => boolean): void {
    const last = this.last(ip);
    if (last === undefined || last.to !== Infinity || !same(last.value)) return;
    last.to = Math.max(to, last.from);
  }

  /** The identity of `ip` at time `t`, or undefined. */
  at(ip: string, t: number): T | undefined {
    const list = this.spans.get(ip);
    if (list === undefined) return undefined;
    for (let i = list.length - 1; i >= 0; i--) {
      const s = list[i];
      if (t >= s.from) return t < s.to ? s.value : undefined;
    }
    return undefined;
  }

  /** The open span's identity of `ip` (valid now), or undefined. */
  current(ip: string): T | undefined {
    const last = this.last(ip);
    return last !== undefined && last.to === Infinity ? last.value : undefined;
  }

  /** Forget spans that ended before `before`. */
  prune(before: number): void {
    for (const [ip, list] of this.spans) {
      let drop = 0;
      while (drop < list.length && list[drop].to < before) drop++;
      if (drop === list.length) this.spans.delete(ip);
      else if (drop > 0) list.splice(0, drop);
    }
  }

  /** Every span, per IP in time order. */
  *entries(): IterableIterator<[string, Span<T>]> {
    for (const [ip, list] of this.spans) for (const s of list) yield [ip, s];
  }

  private last(ip: string): Span<T> | undefined {
    const list = this.spans.get(ip);
    return list === undefined ? undefined : list[list.length - 1];
  }
}
