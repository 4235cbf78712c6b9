/**
 * The worker's connection to the hub (protocol.ts). Lifecycle:
 *  1. `start()` connects; on open it sends `hello`; batches flow only after `welcome`.
 *  2. Items, flow samples and console lines are queued as JSON texts (bounded queues,
 *     oldest dropped and counted) and sent in batches: as soon as `batchItems` are waiting,
 *     else after `batchMs`.
 *  3. Back-pressure: sending pauses while the socket holds more than `HIGH_WATER` unsent
 *     bytes and resumes from the send callback; meanwhile the queues absorb and then drop.
 *  4. When the connection fails or closes, the queues keep filling (bounded) and the
 *     uplink reconnects with exponential back-off (100 ms doubling to `reconnectMaxMs`,
 *     jittered); one log line when the hub goes away, one when it is back with the drops.
 *  5. `stop()` sends what is queued (for up to 2 s) and closes.
 * A ping every 10 s detects a silently dead hub (no pong by the next ping → reconnect).
 */
import WebSocket from 'ws';
import { BoundedQueue } from './bounded-queue.ts';
import { CloseCode, PROTOCOL_VERSION, parseHubMessage, type DropCounts, type Hello, type HubMessage } from './protocol.ts';

export interface UplinkLimits {
  /** Items (and, separately, flow samples) kept while the hub is away or slow. */
  bufferItems: number;
  /** Characters of queued JSON kept per queue. */
  bufferChars: number;
  /** Items per batch message. */
  batchItems: number;
  /** Longest wait before a partial batch is sent, ms. */
  batchMs: number;
  /** Longest reconnect back-off, ms. */
  reconnectMaxMs: number;
}

export interface UplinkOptions {
  /** ws:// or wss:// URL (protocol.ts clusterUrl). */
  url: string;
  token: string;
  hello: () => Omit<Hello, 't' | 'protocol'>;
  limits: UplinkLimits;
  onMessage: (m: HubMessage) => void;
  /** Called after every welcome (e.g. to send stats at once). */
  onConnected?: () => void;
  log: (line: string) => void;
}

/** Unsent bytes in the socket above which sending pauses. */
export const HIGH_WATER = 4 << 20;
const BATCH_CHARS = 1 << 20;
const PING_MS = 10_000;

export class HubUplink {
  readonly items: BoundedQueue;
  readonly flows: BoundedQueue;
  readonly console: BoundedQueue;
  readonly actions: BoundedQueue;
  readonly sent = { items: 0, flows: 0, console: 0, actions: 0, batches: 0 };
  reconnects = 0;
  /** Connected and welcomed. */
  connected = false;
  private ws: WebSocket | null = null;
  private attempt = 0;
  private stopping = false;
  private pumpScheduled = false;
  private batchTimer: NodeJS.Timeout | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private awaitingPong = false;
  private outageSince: number | null = null;
  private outageDrops: DropCounts = { items: 0, flows: 0, console: 0, actions: 0 };
  private lastError = '';
  /** The failure reason logged for the current outage ('' = none logged). */
  private loggedWhy = '';

  constructor(private readonly o: UplinkOptions) {
    const l = o.limits;
    this.items = new BoundedQueue({ maxEntries: l.bufferItems, maxChars: l.bufferChars });
    this.flows = new BoundedQueue({ maxEntries: l.bufferItems, maxChars: l.bufferChars });
    this.console = new BoundedQueue({ maxEntries: 10_000, maxChars: 8 << 20 });
    this.actions = new BoundedQueue({ maxEntries: 10_000, maxChars: 16 << 20 });
  }

  dropped(): DropCounts {
    return { items: this.items.dropped, flows: this.flows.dropped, console: this.console.dropped, actions: this.actions.dropped };
  }

  start(): void {
    this.outageSince = Date.now();
    this.outageDrops = this.dropped();
    this.connect();
    this.pingTimer = setInterval(() => this.ping(), PING_MS);
    this.pingTimer.unref();
  }

  pushItem(json: string): void {
    this.items.push(json);
    this.wake(this.items.size);
  }

  pushFlow(json: string): void {
    this.flows.push(json);
    this.wake(this.flows.size);
  }

  pushConsole(json: string): void {
    this.console.push(json);
    this.wake(0);
  }

  /** A complete `action` message (sent before the next batch). */
  pushAction(json: string): void {
    this.actions.push(json);
    this.wake(this.o.limits.batchItems);
  }

  /** Sends a message now if connected (stats); dropped otherwise. */
  sendNow(json: string): void {
    if (this.connected && this.ws?.readyState === WebSocket.OPEN) this.ws.send(json);
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const t of [this.batchTimer, this.retryTimer, this.pingTimer]) if (t) clearTimeout(t);
    const ws = this.ws;
    if (!ws) return;
    const deadline = Date.now() + 2000;
    while (this.connected && ws.readyState === WebSocket.OPEN && Date.now() < deadline && (this.pending() > 0 || ws.bufferedAmount > 0)) {
      this.pump(true);
      await new Promise((r) => setTimeout(r, 10));
    }
    await new Promise<void>((resolve) => {
      if (ws.readyState === WebSocket.CLOSED) return resolve();
      const t = setTimeout(() => (ws.terminate(), resolve()), 1000);
      ws.once('close', () => (clearTimeout(t), resolve()));
      if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
      else ws.close(1000, 'worker stopping');
    });
  }

  private pending(): number {
    return this.items.size + this.flows.size + this.console.size + this.actions.size;
  }

  private connect(): void {
    this.lastError = '';
    const ws = new WebSocket(this.o.url, {
      headers: { authorization: `Bearer ${this.o.token}` },
      perMessageDeflate: false,
      handshakeTimeout: 10_000,
      maxPayload: 64 << 20,
      // A zero masking key (valid per RFC 6455) lets the hub skip unmasking every byte,
      // its biggest cost after JSON.parse. Random keys protect intermediaries from
      // script-controlled bytes sent by browsers; this client is a daemon talking to its hub.
      generateMask: (mask: Buffer) => void mask.fill(0),
    });
    this.ws = ws;
    ws.on('open', () => ws.send(JSON.stringify({ t: 'hello', protocol: PROTOCOL_VERSION, ...this.o.hello() })));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const m = parseHubMessage(data.toString());
      if (!m) return;
      if (m.t === 'welcome') this.welcomed();
      else this.o.onMessage(m);
    });
    ws.on('pong', () => (this.awaitingPong = false));
    ws.on('unexpected-response', (_req, res) => {
      this.lastError =
        res.statusCode === 401
          ? 'ERR_CLUSTER_UNAUTHORIZED: the hub rejected the cluster token (set hub.token / --token to the hub\'s hub.token, or its dashboard token)'
          : `HTTP ${res.statusCode} (is ${this.o.url} a wirehook hub?)`;
      res.resume();
      ws.terminate();
    });
    ws.on('error', (e: NodeJS.ErrnoException) => {
      if (!this.lastError) this.lastError = e.code ?? e.message;
    });
    ws.on('close', (code, reason) => this.closed(ws, code, reason.toString()));
  }

  private welcomed(): void {
    this.connected = true;
    this.attempt = 0;
    this.awaitingPong = false;
    if (this.outageSince !== null) {
      const d = this.dropped();
      const lost = (['items', 'flows', 'console', 'actions'] as const).filter((k) => d[k] > this.outageDrops[k]).map((k) => `${d[k] - this.outageDrops[k]} ${k}`);
      const after = this.loggedWhy ? ` after ${((Date.now() - this.outageSince) / 1000).toFixed(1)} s` : '';
      this.o.log(`wirehook: connected to hub ${this.o.url}${after}${lost.length ? `; dropped ${lost.join(', ')} while it was unreachable` : ''}`);
      this.outageSince = null;
      this.loggedWhy = '';
    }
    this.o.onConnected?.();
    this.schedulePump();
  }

  private closed(ws: WebSocket, code: number, reason: string): void {
    if (this.ws !== ws) return;
    const was = this.connected;
    this.connected = false;
    this.ws = null;
    if (this.stopping) return;
    if (was) {
      this.outageSince = Date.now();
      this.outageDrops = this.dropped();
      this.loggedWhy = '';
    }
    const why = this.lastError || (code === CloseCode.protocol ? `ERR_CLUSTER_PROTOCOL: ${reason}` : reason || `closed (${code})`);
    if (why !== this.loggedWhy) {
      this.loggedWhy = why;
      this.o.log(`wirehook: hub ${this.o.url} unreachable (${why}); buffering up to ${this.o.limits.bufferItems} items, retrying with back-off`);
    }
    const delay = Math.min(this.o.limits.reconnectMaxMs, 100 * 2 ** Math.min(this.attempt++, 16));
    this.reconnects++;
    this.retryTimer = setTimeout(() => this.connect(), delay * (0.5 + Math.random() * 0.5));
  }

  private ping(): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    if (this.awaitingPong) {
      this.lastError = 'no answer to ping';
      ws.terminate();
      return;
    }
    this.awaitingPong = true;
    ws.ping();
  }

  /** Something was queued: send now if a batch is full, else within batchMs. */
  private wake(size: number): void {
    if (!this.connected) return;
    if (size >= this.o.limits.batchItems) this.schedulePump();
    else if (!this.batchTimer && !this.pumpScheduled) {
      this.batchTimer = setTimeout(() => {
        this.batchTimer = null;
        this.pump(false);
      }, this.o.limits.batchMs);
    }
  }

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump(false);
    });
  }

  /** Sends queued messages while the socket is below HIGH_WATER (or everything when draining). */
  private pump(draining: boolean): void {
    const ws = this.ws;
    if (!this.connected || !ws || ws.readyState !== WebSocket.OPEN) return;
    const n = this.o.limits.batchItems;
    while (draining || ws.bufferedAmount < HIGH_WATER) {
      for (const a of this.actions.take(1000, BATCH_CHARS)) {
        ws.send(a);
        this.sent.actions++;
      }
      const items = this.items.take(n, BATCH_CHARS);
      const flows = this.flows.take(n, BATCH_CHARS);
      const lines = this.console.take(n, BATCH_CHARS);
      if (!items.length && !flows.length && !lines.length) return;
      // Items follow the header as JSON lines (protocol 2): the hub keeps each line as
      // the item's JSON instead of serialising it again.
      const head = `{"t":"batch","items":[],"flows":[${flows.join(',')}],"console":[${lines.join(',')}],"dropped":${JSON.stringify(this.dropped())}}`;
      const text = items.length ? `${head}\n${items.join('\n')}` : head;
      this.sent.items += items.length;
      this.sent.flows += flows.length;
      this.sent.console += lines.length;
      this.sent.batches++;
      const more = this.pending() > 0;
      ws.send(text, more && !draining ? () => this.schedulePump() : undefined);
      if (more && ws.bufferedAmount >= HIGH_WATER) return;
    }
  }
}
