/**
 * Intrusive least-recently-seen list for idle eviction. A flow table keeps one list per
 * timeout class (TCP open, TCP closed, UDP, ICMP); touching a flow moves it to the tail
 * (O(1), no allocation), so each list stays ordered by `lastSeenMs` as long as packet time
 * does not go backwards, and a sweep only looks at heads: O(expired flows), never a scan.
 * Packet time that goes slightly backwards only delays an eviction until the flows in
 * front of it expire.
 */

export interface IdleLinks<T extends IdleLinks<T>> {
  idlePrev: T | null;
  idleNext: T | null;
  idleList: IdleList<T> | null;
  lastSeenMs: number;
}

export class IdleList<T extends IdleLinks<T>> {
  head: T | null = null;
  tail: T | null = null;
  size = 0;

  /** @param timeoutMs a member idle for longer than this is due for eviction. */
  constructor(
    readonly name: string,
    readonly timeoutMs: number,
  ) {}

  push(n: T): void {
    n.idleList = this;
    n.idlePrev = this.tail;
    n.idleNext = null;
    if (this.tail) this.tail.idleNext = n;
    else this.head = n;
    this.tail = n;
    this.size++;
  }

  remove(n: T): void {
    if (n.idleList !== this) return;
    if (n.idlePrev) n.idlePrev.idleNext = n.idleNext;
    else this.head = n.idleNext;
    if (n.idleNext) n.idleNext.idlePrev = n.idlePrev;
    else this.tail = n.idlePrev;
    n.idlePrev = n.idleNext = null;
    n.idleList = null;
    this.size--;
  }

  /** Move `n` (a member) to the most recently seen end. */
  touch(n: T): void {
    if (this.tail === n) return;
    this.remove(n);
    this.push(n);
  }

  /** The head, if it has been idle longer than the timeout at `nowMs`. */
  expired(nowMs: number): T | null {
    const h = this.head;
    return h !== null && nowMs - h.lastSeenMs > this.timeoutMs ? h : null;
  }
}
