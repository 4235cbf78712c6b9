/**
 * A FIFO of async tasks, started in order, at most `concurrency` running at once.
 * Live, every script has its own queue with several tasks in flight: each task's first
 * step hands work to the script's isolate (which runs it in order), so the isolate thread
 * goes from one batch to the next without waiting for the host. Offline (`wirehook run`),
 * all scripts share one queue with concurrency 1, so everything happens in one fixed
 * order and the console output is deterministic. Bounding (drop when full) is the caller's
 * policy. A task that throws is reported to `onError` and the queue goes on.
 */
export type Task = () => Promise<void>;

export class TaskQueue {
  private items: (Task | undefined)[] = [];
  private head = 0;
  private active = 0;
  private waiters: (() => void)[] = [];

  constructor(
    private readonly onError: (e: unknown) => void = () => undefined,
    private readonly concurrency = 1,
  ) {}

  /** Tasks waiting or running. */
  get size(): number {
    return this.items.length - this.head + this.active;
  }

  push(task: Task): void {
    this.items.push(task);
    this.pump();
  }

  /** Resolves when the queue is empty and nothing runs. */
  idle(): Promise<void> {
    if (this.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private pump(): void {
    while (this.active < this.concurrency && this.head < this.items.length) {
      const task = this.items[this.head]!;
      this.items[this.head++] = undefined;
      if (this.head === this.items.length) {
        this.items = [];
        this.head = 0;
      } else if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
      this.active++;
      void this.runOne(task);
    }
  }

  private async runOne(task: Task): Promise<void> {
    try {
      await task();
    } catch (e) {
      this.onError(e);
    }
    this.active--;
    this.pump();
    if (this.size === 0) {
      const w = this.waiters;
      this.waiters = [];
      for (const resolve of w) resolve();
    }
  }
}
