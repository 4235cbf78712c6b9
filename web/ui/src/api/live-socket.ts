/**
 * The one live connection (`/api/ws?token=…`). Pages declare what they want (`want`):
 * the union is sent as one `subscribe` message and re-sent whenever it changes or the
 * socket reconnects (back-off 0.5 s → 10 s). Messages are dispatched by `type`.
 *
 * Without a token the socket is not opened (the server would close it with 401); the
 * state is then 'no-token' and the app shows the token dialog.
 */
import type { ServerMessage, Subscription } from './types.ts';
import { getToken, onTokenChange } from './token.ts';

export type SocketState = 'connecting' | 'open' | 'closed' | 'no-token';
type Handler<T extends ServerMessage['type']> = (m: Extract<ServerMessage, { type: T }>) => void;

export class LiveSocket {
  private ws: WebSocket | null = null;
  private readonly parts = new Map<string, Subscription>();
  private readonly handlers = new Map<string, Set<(m: ServerMessage) => void>>();
  private readonly stateListeners = new Set<(s: SocketState) => void>();
  private retryMs = 500;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private lastSent = '';
  state: SocketState = 'closed';

  constructor(private readonly url: () => string) {
    onTokenChange(() => this.reconnect());
  }

  start(): void {
    if (!this.ws) this.open();
  }

  /** Declare (or with null, drop) what one part of the UI subscribes to. */
  want(part: string, sub: Subscription | null): void {
    if (sub) this.parts.set(part, sub);
    else this.parts.delete(part);
    this.sendSubscription();
  }

  on<T extends ServerMessage['type']>(type: T, h: Handler<T>): () => void {
    let set = this.handlers.get(type);
    if (!set) this.handlers.set(type, (set = new Set()));
    const fn = h as (m: ServerMessage) => void;
    set.add(fn);
    return () => set.delete(fn);
  }

  onState(l: (s: SocketState) => void): () => void {
    this.stateListeners.add(l);
    l(this.state);
    return () => this.stateListeners.delete(l);
  }

  /** The merged subscription: the last declared items filter wins, consoles are unioned. */
  subscription(): Subscription {
    const out: Subscription = { items: null, consoles: [], stats: false };
    const consoles = new Set<string>();
    for (const s of this.parts.values()) {
      if (s.items !== undefined && s.items !== null) out.items = s.items;
      for (const c of s.consoles ?? []) consoles.add(c);
      if (s.stats) out.stats = true;
    }
    out.consoles = [...consoles];
    return out;
  }

  private setState(s: SocketState): void {
    this.state = s;
    for (const l of this.stateListeners) l(s);
  }

  private reconnect(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const old = this.ws;
    this.ws = null;
    old?.close();
    this.retryMs = 500;
    this.open();
  }

  private open(): void {
    const token = getToken();
    if (!token) {
      this.setState('no-token');
      return;
    }
    this.setState('connecting');
    const ws = new WebSocket(`${this.url()}?token=${encodeURIComponent(token)}`);
    this.ws = ws;
    this.lastSent = '';
    ws.onopen = () => {
      this.retryMs = 500;
      this.setState('open');
      this.sendSubscription();
    };
    ws.onmessage = (ev) => {
      let m: ServerMessage;
      try {
        m = JSON.parse(String(ev.data)) as ServerMessage;
      } catch {
        return;
      }
      for (const h of this.handlers.get(m.type) ?? []) h(m);
    };
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.ws = null;
      this.setState('closed');
      this.timer = setTimeout(() => this.open(), this.retryMs);
      this.retryMs = Math.min(10_000, this.retryMs * 2);
    };
  }

  private sendSubscription(): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    const msg = JSON.stringify({ type: 'subscribe', ...this.subscription() });
    if (msg === this.lastSent) return;
    this.lastSent = msg;
    ws.send(msg);
  }
}

function wsUrl(): string {
  const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${proto}//${location.host}/api/ws`;
}

export const live = new LiveSocket(wsUrl);
