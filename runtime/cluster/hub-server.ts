/**
 * The hub's end of the cluster link (protocol.ts): accepts worker WebSockets at
 * CLUSTER_PATH on the node's HTTP server (token checked before the upgrade: 401 otherwise),
 * keeps a WorkerRecord per worker name, and hands what workers send to its owner
 * (hub-feature.ts): items, flow samples, console lines, hub actions.
 *
 * Per connection: the first message must be `hello` within HELLO_MS (else close 4000);
 * a hello from a name that is already connected replaces the older connection (4003);
 * a connection silent for IDLE_MS (workers ping every 10 s, send stats every 5 s) is
 * terminated. Malformed messages are counted in `rejected` and ignored.
 */
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import type { JsonValue } from '../../helpers/define-op.ts';
import { requestToken, tokenMatches } from '../../web/server/auth.ts';
import { CLUSTER_PATH, CloseCode, PROTOCOL_VERSION, WIREHOOK_VERSION, parseWorkerMessage, type Batch, type ConsoleEntry, type HubMessage } from './protocol.ts';
import { WorkerRecord } from './worker-record.ts';
import { forgetItemJson } from '../../capture/item-json.ts';

export interface ClusterHubOptions {
  /** The cluster token workers must present. */
  token: string;
  onItem: (item: Record<string, unknown>) => void;
  onFlow: (sample: Record<string, unknown>) => void;
  onConsole: (worker: string, entry: ConsoleEntry) => void;
  onAction: (worker: string, action: string, object: JsonValue, depth: number) => void;
  /** A worker was welcomed: send it what it needs (scripts, identity). */
  onWorkerReady: (send: (m: HubMessage) => void, worker: WorkerRecord) => void;
  log: (line: string) => void;
}

const HELLO_MS = 10_000;
const IDLE_MS = 30_000;
/** Disconnected workers are forgotten after this long. */
const FORGET_MS = 10 * 60_000;

export class ClusterHub {
  private readonly records = new Map<string, WorkerRecord>();
  private readonly sockets = new Map<string, WebSocket>();
  private readonly wss = new WebSocketServer({ noServer: true, perMessageDeflate: false, maxPayload: 64 << 20 });
  private readonly timer: NodeJS.Timeout;
  /** Malformed or unexpected messages, items and samples (ignored). */
  rejected = 0;

  constructor(private readonly o: ClusterHubOptions) {
    this.timer = setInterval(() => this.tick(), 1000);
    this.timer.unref();
  }

  /** Serves CLUSTER_PATH upgrades on `server`; other upgrade paths are left to other handlers. */
  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      if (new URL(req.url ?? '/', 'http://x').pathname !== CLUSTER_PATH) return;
      if (!tokenMatches(this.o.token, requestToken(req.headers, req.url ?? '/'))) {
        const body = JSON.stringify({ code: 'ERR_UNAUTHORIZED', message: 'send the cluster token as "Authorization: Bearer <token>" (hub.token, or the hub\'s dashboard token)' });
        socket.end(`HTTP/1.1 401 Unauthorized\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.connection(ws));
    });
  }

  workers(): WorkerRecord[] {
    return [...this.records.values()];
  }

  /** Sends `m` to every welcomed worker. */
  broadcast(m: HubMessage): void {
    const text = JSON.stringify(m);
    for (const ws of this.sockets.values()) if (ws.readyState === ws.OPEN) ws.send(text);
  }

  /** Closes every worker connection (terminated after 1 s if a worker does not answer). */
  async close(): Promise<void> {
    clearInterval(this.timer);
    for (const ws of this.wss.clients) ws.close(CloseCode.shutdown, 'hub stopping');
    const closed = new Promise<void>((r) => this.wss.close(() => r()));
    const t = setTimeout(() => {
      for (const ws of this.wss.clients) ws.terminate();
    }, 1000);
    await closed;
    clearTimeout(t);
  }

  private connection(ws: WebSocket): void {
    let record: WorkerRecord | null = null;
    const helloTimer = setTimeout(() => ws.close(CloseCode.badHello, 'no hello'), HELLO_MS);
    ws.on('message', (data: RawData, isBinary: boolean) => {
      const m = isBinary ? null : parseWorkerMessage(data.toString());
      if (!m) {
        this.rejected++;
        return;
      }
      if (record) record.lastSeen = Date.now();
      if (m.t === 'hello') {
        clearTimeout(helloTimer);
        if (record) return void this.rejected++;
        if (m.protocol !== PROTOCOL_VERSION) {
          this.o.log(`wirehook: worker ${m.name} (${m.ip}, ${m.version}) speaks cluster protocol ${m.protocol}, this hub ${PROTOCOL_VERSION}: refused`);
          ws.close(CloseCode.protocol, `hub ${WIREHOOK_VERSION} speaks protocol ${PROTOCOL_VERSION}: run the same wirehook version on hub and workers`);
          return;
        }
        record = this.welcome(ws, m.name);
        record.hello(m, Date.now());
        ws.send(JSON.stringify({ t: 'welcome', protocol: PROTOCOL_VERSION, version: WIREHOOK_VERSION }));
        this.o.log(`wirehook: worker ${m.name} (${m.ip}, ${m.version}) connected`);
        this.o.onWorkerReady((msg) => ws.readyState === ws.OPEN && ws.send(JSON.stringify(msg)), record);
        return;
      }
      if (!record) {
        this.rejected++;
        ws.close(CloseCode.badHello, 'send hello first');
        return;
      }
      if (m.t === 'batch') this.batch(record, m);
      else if (m.t === 'action') {
        record.received.actions++;
        this.o.onAction(record.name, m.action, m.object, m.depth);
      } else record.stats(m);
    });
    ws.on('ping', () => record && (record.lastSeen = Date.now()));
    ws.on('error', () => undefined);
    ws.on('close', () => {
      clearTimeout(helloTimer);
      if (!record || this.sockets.get(record.name) !== ws) return;
      this.sockets.delete(record.name);
      record.connected = false;
      record.lastSeen = Date.now();
      this.o.log(`wirehook: worker ${record.name} disconnected`);
    });
  }

  private welcome(ws: WebSocket, name: string): WorkerRecord {
    const older = this.sockets.get(name);
    if (older) older.close(CloseCode.replaced, 'a newer connection of this worker took over');
    this.sockets.set(name, ws);
    let r = this.records.get(name);
    if (!r) this.records.set(name, (r = new WorkerRecord(name)));
    return r;
  }

  private batch(r: WorkerRecord, b: Batch): void {
    r.dropped = b.dropped;
    const node = { ip: r.ip, name: r.name };
    for (let i = 0; i < b.items.length; i++) {
      const item = b.items[i];
      if (item === null || typeof item !== 'object' || typeof item.id !== 'string') {
        this.rejected++;
        continue;
      }
      if (typeof item.worker !== 'string' || !item.worker) {
        item.worker = r.name;
        forgetItemJson(item);
      }
      if (item.node === null || typeof item.node !== 'object') {
        item.node = node;
        forgetItemJson(item);
      }
      r.received.items++;
      this.o.onItem(item);
    }
    for (let i = 0; i < b.flows.length; i++) {
      const s = b.flows[i];
      if (s === null || typeof s !== 'object' || typeof s.id !== 'string') {
        this.rejected++;
        continue;
      }
      r.received.flows++;
      this.o.onFlow(s);
    }
    for (const c of b.console) {
      r.received.console++;
      this.o.onConsole(r.name, c);
    }
  }

  private tick(): void {
    const now = Date.now();
    for (const r of this.records.values()) {
      r.tick(now);
      if (r.connected && now - r.lastSeen > IDLE_MS) this.sockets.get(r.name)?.terminate();
      if (!r.connected && now - r.lastSeen > FORGET_MS) this.records.delete(r.name);
    }
  }
}
