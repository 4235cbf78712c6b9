/**
 * One dashboard WebSocket client: its subscription and its bounded outgoing queues.
 *
 * A `subscribe` message is the client's whole subscription (docs/api.md):
 * `{type:'subscribe', items?: {filter}|null, consoles?: string[], stats?: boolean}` — a
 * missing part is off. A bad filter or an unknown script id answers `{type:'error', …}`
 * and leaves that part of the previous subscription as it was.
 *
 * Rows and console lines wait in per-client queues (at most `maxQueuedRows` rows and
 * `maxConsoleLines` lines per script) and leave in batches when the server ticks. While
 * the socket has more than `maxBufferedBytes` unsent, nothing is sent (the client is
 * slow): queues fill, further rows are dropped and counted, and the next `items` message
 * reports them in `dropped`. So a client costs at most its queues plus that buffer.
 */
import type { WebSocket } from 'ws';
import { compileKfl, KflError, type CompiledFilter } from '../../capture/kfl/index.ts';
import type { Item } from '../../capture/item.ts';
import type { ItemRow } from '../../runtime/hub/item-row.ts';
import type { ConsoleEvent, ScriptConsole } from '../../runtime/console.ts';
import { kflErrorBody, safeJson } from './routes/api-responses.ts';
import { consoleLineView, type ConsoleLineView } from './routes/consoles.ts';

export interface ClientLimits {
  maxQueuedRows: number;
  maxConsoleLines: number;
  maxBufferedBytes: number;
}

/** What a client needs from the node to subscribe. */
export interface ClientHost {
  /** The console of a script id or title, or null when there is no such script. */
  console(idOrTitle: string): { id: string; console: ScriptConsole } | null;
}

interface ConsoleFeed {
  unsubscribe: () => void;
  lines: ConsoleLineView[];
  dropped: number;
  cleared: boolean;
}

const MAX_CONSOLES = 50;
const MAX_FILTER = 8192;

export class DashboardClient {
  /** Undefined = no item subscription; null = every item. */
  private filter: CompiledFilter | null | undefined = undefined;
  private rows: ItemRow[] = [];
  private dropped = 0;
  /** Rows dropped over the client's life. */
  droppedTotal = 0;
  private readonly consoles = new Map<string, ConsoleFeed>();
  wantsStats = false;

  constructor(
    readonly socket: WebSocket,
    private readonly host: ClientHost,
    private readonly limits: ClientLimits,
  ) {}

  get wantsItems(): boolean {
    return this.filter !== undefined;
  }

  get queuedRows(): number {
    return this.rows.length;
  }

  /** The client wants this item (call `push` with its row then). */
  matches(item: Item): boolean {
    return this.filter === null || (this.filter !== undefined && this.filter.match(item));
  }

  push(row: ItemRow): void {
    if (this.rows.length >= this.limits.maxQueuedRows) {
      this.dropped++;
      this.droppedTotal++;
    } else this.rows.push(row);
  }

  /** Handles a message from the client. Returns true when it asked for stats now. */
  handle(text: string): boolean {
    let m: unknown;
    try {
      m = JSON.parse(text);
    } catch {
      this.error('ERR_BAD_MESSAGE', 'messages must be JSON, e.g. {"type":"subscribe","items":{"filter":""}}');
      return false;
    }
    const msg = m as { type?: unknown; items?: unknown; consoles?: unknown; stats?: unknown } | null;
    if (msg === null || typeof msg !== 'object' || msg.type !== 'subscribe') {
      this.error('ERR_BAD_MESSAGE', 'unknown message: the only client message is {"type":"subscribe", items?, consoles?, stats?}');
      return false;
    }
    this.subscribeItems(msg.items);
    this.subscribeConsoles(msg.consoles);
    this.wantsStats = msg.stats === true;
    return this.wantsStats;
  }

  /** Sends what is queued unless the socket is backed up. */
  flush(): void {
    if (!this.ready()) return;
    if (this.rows.length || this.dropped) {
      this.send({ type: 'items', rows: this.rows, dropped: this.dropped });
      this.rows = [];
      this.dropped = 0;
    }
    for (const [script, f] of this.consoles) {
      if (!f.lines.length && !f.dropped && !f.cleared) continue;
      this.send({ type: 'console', script, lines: f.lines, ...(f.dropped ? { dropped: f.dropped } : {}), ...(f.cleared ? { cleared: true } : {}) });
      f.lines = [];
      f.dropped = 0;
      f.cleared = false;
    }
  }

  sendStats(stats: object): void {
    if (this.wantsStats && this.ready()) this.send({ type: 'stats', ...stats });
  }

  error(code: string, message: string, details: Record<string, unknown> = {}): void {
    if (this.socket.readyState === this.socket.OPEN) this.send({ type: 'error', ...details, code, message });
  }

  /** Unsubscribes everything (the socket closed). */
  dispose(): void {
    for (const f of this.consoles.values()) f.unsubscribe();
    this.consoles.clear();
    this.filter = undefined;
    this.rows = [];
  }

  private ready(): boolean {
    return this.socket.readyState === this.socket.OPEN && this.socket.bufferedAmount <= this.limits.maxBufferedBytes;
  }

  private send(msg: object): void {
    this.socket.send(safeJson(msg));
  }

  private subscribeItems(items: unknown): void {
    if (items === undefined || items === null) {
      this.filter = undefined;
      this.rows = [];
      return;
    }
    const q = (items as { filter?: unknown }).filter ?? '';
    if (typeof items !== 'object' || typeof q !== 'string' || q.length > MAX_FILTER) {
      return this.error('ERR_BAD_MESSAGE', `"items" must be null or {"filter": "<KFL, at most ${MAX_FILTER} characters>"}`);
    }
    try {
      this.filter = q.trim() ? compileKfl(q) : null;
    } catch (e) {
      if (!(e instanceof KflError)) throw e;
      const { code, message, ...rest } = kflErrorBody(e);
      this.error(String(code), String(message), { ...rest, query: q });
    }
  }

  private subscribeConsoles(ids: unknown): void {
    const wanted = new Map<string, ScriptConsole>();
    if (ids !== undefined && ids !== null) {
      if (!Array.isArray(ids) || ids.length > MAX_CONSOLES || !ids.every((x) => typeof x === 'string')) {
        return this.error('ERR_BAD_MESSAGE', `"consoles" must be a list of at most ${MAX_CONSOLES} script ids`);
      }
      for (const want of ids as string[]) {
        const c = this.host.console(want);
        if (c) wanted.set(c.id, c.console);
        else this.error('ERR_SCRIPT_NOT_FOUND', `no script with id or title "${want.slice(0, 200)}"`, { script: want.slice(0, 200) });
      }
    }
    for (const [id, f] of this.consoles) {
      if (wanted.has(id)) continue;
      f.unsubscribe();
      this.consoles.delete(id);
    }
    for (const [id, console] of wanted) {
      if (this.consoles.has(id)) continue;
      const feed: ConsoleFeed = { unsubscribe: () => undefined, lines: [], dropped: 0, cleared: false };
      feed.unsubscribe = console.subscribe((ev) => this.onConsole(feed, ev));
      this.consoles.set(id, feed);
    }
  }

  private onConsole(f: ConsoleFeed, ev: ConsoleEvent): void {
    if (ev.type === 'clear') {
      f.lines = [];
      f.cleared = true;
    } else if (f.lines.length >= this.limits.maxConsoleLines) f.dropped++;
    else f.lines.push(consoleLineView(ev.line));
  }
}
