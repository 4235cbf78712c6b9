/**
 * The dashboard WebSocket, `GET /api/ws?token=…` (docs/api.md): live item rows filtered per
 * client on the server, script console lines and stats once a second.
 *
 * - Upgrade: on the node's HTTP server at `/api/ws`; without the dashboard token the
 *   request is answered `401 {code:'ERR_UNAUTHORIZED'}` and closed. Other upgrade paths
 *   are left to other handlers (answered 404 when there are none).
 * - Items: `onItem` is a bus subscriber: it costs nothing without item subscribers, builds
 *   the row once for all clients that match, and only queues (ws-client.ts bounds it).
 * - Batching: queues are flushed every `flushMs` (default 100 ms: at most 10 messages/s per
 *   kind), stats every `statsMs` (1 s).
 * - `close()` (node stop) ends every connection (1001) and detaches from the server.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Item } from '../../capture/item.ts';
import { toItemRow, type ItemRow } from '../../runtime/hub/item-row.ts';
import { requestToken, tokenMatches } from './auth.ts';
import type { DashboardContext } from './routes/dashboard-context.ts';
import { DashboardClient, type ClientHost, type ClientLimits } from './ws-client.ts';

export const WS_PATH = '/api/ws';

export interface SocketOptions extends ClientLimits {
  flushMs: number;
  statsMs: number;
  /** Largest client message, bytes. */
  maxPayload: number;
}

export const DEFAULT_SOCKET_OPTIONS: SocketOptions = {
  flushMs: 100,
  statsMs: 1000,
  maxPayload: 64 * 1024,
  maxQueuedRows: 2000,
  maxConsoleLines: 1000,
  maxBufferedBytes: 1 << 20,
};

export interface ClientInfo {
  queuedRows: number;
  bufferedAmount: number;
  droppedTotal: number;
}

function refuse(socket: Duplex, status: string, code: string, message: string): void {
  const body = JSON.stringify({ code, message });
  socket.end(`HTTP/1.1 ${status}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

export class DashboardSocket {
  private readonly o: SocketOptions;
  private readonly wss: WebSocketServer;
  private clients: DashboardClient[] = [];
  private itemClients: DashboardClient[] = [];
  private readonly timers: NodeJS.Timeout[] = [];
  private server: Server | null = null;
  private readonly host: ClientHost;
  private droppedGone = 0;
  private readonly onUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer) => this.upgrade(req, socket, head);

  constructor(
    private readonly d: DashboardContext,
    o: Partial<SocketOptions> = {},
  ) {
    this.o = { ...DEFAULT_SOCKET_OPTIONS, ...o };
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.o.maxPayload });
    this.host = {
      console: (idOrTitle) => {
        try {
          const id = d.node.scripts.get(idOrTitle).id;
          return { id, console: d.node.runtime.console(id) };
        } catch {
          return null;
        }
      },
    };
  }

  /** Rows dropped for slow clients, over all clients ever connected. */
  get dropped(): number {
    return this.clients.reduce((n, c) => n + c.droppedTotal, this.droppedGone);
  }

  /** Per-client queue state (tests, diagnostics). */
  clientInfo(): ClientInfo[] {
    return this.clients.map((c) => ({ queuedRows: c.queuedRows, bufferedAmount: c.socket.bufferedAmount, droppedTotal: c.droppedTotal }));
  }

  attach(server: Server): void {
    this.server = server;
    server.on('upgrade', this.onUpgrade);
    const flush = setInterval(() => this.flush(), this.o.flushMs);
    const stats = setInterval(() => this.stats(), this.o.statsMs);
    flush.unref();
    stats.unref();
    this.timers.push(flush, stats);
  }

  /** Bus subscriber: queue the item's row for every client whose filter matches. */
  onItem(item: Item): void {
    const subs = this.itemClients;
    if (subs.length === 0) return;
    let row: ItemRow | null = null;
    for (let i = 0; i < subs.length; i++) {
      if (!subs[i].matches(item)) continue;
      row ??= toItemRow(item);
      subs[i].push(row);
    }
  }

  async close(): Promise<void> {
    for (const t of this.timers.splice(0)) clearInterval(t);
    this.server?.off('upgrade', this.onUpgrade);
    const closing = this.clients.map(
      (c) =>
        new Promise<void>((resolve) => {
          const t = setTimeout(() => {
            c.socket.terminate();
            resolve();
          }, 1000);
          c.socket.once('close', () => {
            clearTimeout(t);
            resolve();
          });
          c.socket.close(1001, 'wirehook is stopping');
        }),
    );
    await Promise.all(closing);
    this.wss.close();
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== WS_PATH) {
      if (this.server?.listenerCount('upgrade') === 1) refuse(socket, '404 Not Found', 'ERR_NOT_FOUND', `no WebSocket at ${url.pathname}; the dashboard's is ${WS_PATH}`);
      return;
    }
    if (!tokenMatches(this.d.node.token, requestToken(req.headers, req.url ?? ''))) {
      return refuse(socket, '401 Unauthorized', 'ERR_UNAUTHORIZED', `the WebSocket needs the dashboard token: connect to ${WS_PATH}?token=<token>`);
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.connected(ws));
  }

  private connected(ws: WebSocket): void {
    const c = new DashboardClient(ws, this.host, this.o);
    this.clients = [...this.clients, c];
    ws.on('message', (data, isBinary) => {
      if (isBinary) return c.error('ERR_BAD_MESSAGE', 'send text (JSON) messages');
      try {
        if (c.handle(data.toString())) c.sendStats(this.d.stats());
      } catch {
        c.error('ERR_INTERNAL', 'the subscription could not be applied (see the server log)');
      }
      this.itemClients = this.clients.filter((x) => x.wantsItems);
    });
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
      c.dispose();
      this.droppedGone += c.droppedTotal;
      this.clients = this.clients.filter((x) => x !== c);
      this.itemClients = this.itemClients.filter((x) => x !== c);
    });
  }

  private flush(): void {
    for (const c of this.clients) c.flush();
  }

  private stats(): void {
    if (!this.clients.some((c) => c.wantsStats)) return;
    const s = this.d.stats();
    for (const c of this.clients) c.sendStats(s);
  }
}
