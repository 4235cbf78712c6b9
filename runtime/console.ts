/**
 * A script's console: a ring buffer of the last `capacity` lines (default 1000) plus a
 * subscription API for live viewers (dashboard, `wirehook run`). It belongs to the script
 * id, not to one loaded version, so it survives hot reloads and isolate rebuilds.
 *
 * Lines longer than `maxLineLength` are cut (and end with "…"). A line may contain
 * newlines (e.g. a multi-line report); it stays one entry.
 */
export type ConsoleLevel = 'log' | 'error';

export interface ConsoleLine {
  /** Increases by one per line written, across clears. */
  seq: number;
  /** Clock time when the line was written, epoch ms. */
  time: number;
  level: ConsoleLevel;
  text: string;
}

export type ConsoleEvent = { type: 'line'; line: ConsoleLine } | { type: 'clear' };
export type ConsoleListener = (event: ConsoleEvent) => void;

export interface ConsoleOptions {
  /** Lines kept (default 1000). */
  capacity?: number;
  /** Characters per line before it is cut (default 8192). */
  maxLineLength?: number;
  /** Time source for line stamps (default Date.now; the runtime passes its clock). */
  now?: () => number;
}

export class ScriptConsole {
  private readonly ring: (ConsoleLine | undefined)[];
  private start = 0;
  private count = 0;
  private seq = 0;
  private readonly listeners = new Set<ConsoleListener>();
  readonly capacity: number;
  readonly maxLineLength: number;
  private readonly now: () => number;
  /** Lines pushed out of the ring by newer ones. */
  evicted = 0;

  constructor(opts: ConsoleOptions = {}) {
    this.capacity = Math.max(1, opts.capacity ?? 1000);
    this.maxLineLength = Math.max(16, opts.maxLineLength ?? 8192);
    this.now = opts.now ?? Date.now;
    this.ring = new Array(this.capacity);
  }

  log(text: string): void {
    this.write('log', text);
  }

  error(text: string): void {
    this.write('error', text);
  }

  write(level: ConsoleLevel, text: string): void {
    if (text.length > this.maxLineLength) text = text.slice(0, this.maxLineLength - 1) + '…';
    const line: ConsoleLine = { seq: ++this.seq, time: this.now(), level, text };
    if (this.count < this.capacity) {
      this.ring[(this.start + this.count) % this.capacity] = line;
      this.count++;
    } else {
      this.ring[this.start] = line;
      this.start = (this.start + 1) % this.capacity;
      this.evicted++;
    }
    this.emit({ type: 'line', line });
  }

  clear(): void {
    this.ring.fill(undefined);
    this.start = 0;
    this.count = 0;
    this.emit({ type: 'clear' });
  }

  /** The kept lines, oldest first (a copy). */
  lines(): ConsoleLine[] {
    const out: ConsoleLine[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.ring[(this.start + i) % this.capacity]!);
    return out;
  }

  /** Text of the kept lines, oldest first (tests, summaries). */
  texts(): string[] {
    return this.lines().map((l) => l.text);
  }

  /** Calls `listener` for every future line and clear. Returns the unsubscribe function. */
  subscribe(listener: ConsoleListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: ConsoleEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // A viewer's failure must not affect the script or other viewers.
      }
    }
  }
}
