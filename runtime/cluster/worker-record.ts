/**
 * What the hub knows about one worker (by name): identity from its hello, connection state,
 * what it received from it, and what the worker reports (drops, sources, script states).
 * A worker that reconnects (same name) keeps its record; the hub's counters continue, the
 * worker-reported ones are the worker's own cumulative values.
 */
import type { DropCounts, Hello, WorkerScriptState, WorkerStats } from './protocol.ts';

/** Rate window: items/s is measured over the last RATE_SAMPLES ticks of the hub's 1 s timer. */
const RATE_SAMPLES = 5;

/** The `GET /api/nodes` row of a worker. */
export interface WorkerView {
  name: string;
  ip: string;
  version: string;
  connected: boolean;
  /** Epoch ms of the current (or last) connection. */
  connectedSince: number;
  /** Epoch ms of the last message. */
  lastSeen: number;
  sources: string[];
  /** Received by the hub from this worker since the hub started. */
  items: number;
  flows: number;
  itemsPerSec: number;
  /** Cumulative drops the worker reports (since the worker started). */
  drops: DropCounts;
  /** The worker's own counters (last stats message). */
  packets: number;
  scripts: WorkerScriptState[];
}

export class WorkerRecord {
  ip = '';
  version = '';
  sources: string[] = [];
  connected = false;
  connectedSince = 0;
  lastSeen = 0;
  readonly received = { items: 0, flows: 0, console: 0, actions: 0 };
  dropped: DropCounts = { items: 0, flows: 0, console: 0, actions: 0 };
  packets = 0;
  scripts: WorkerScriptState[] = [];
  private readonly window: { t: number; items: number }[] = [];

  constructor(readonly name: string) {}

  hello(h: Hello, now: number): void {
    this.ip = h.ip;
    this.version = h.version;
    this.sources = h.sources;
    this.connected = true;
    this.connectedSince = now;
    this.lastSeen = now;
  }

  stats(s: WorkerStats): void {
    this.sources = s.sources;
    this.packets = s.packets;
    this.scripts = s.scripts;
    this.dropped = s.dropped;
  }

  /** Called once a second by the hub. */
  tick(now: number): void {
    this.window.push({ t: now, items: this.received.items });
    if (this.window.length > RATE_SAMPLES) this.window.shift();
  }

  itemsPerSec(): number {
    const w = this.window;
    if (w.length < 2) return 0;
    const a = w[0];
    const b = w[w.length - 1];
    return b.t > a.t ? Math.round(((b.items - a.items) * 1000) / (b.t - a.t)) : 0;
  }

  view(): WorkerView {
    return {
      name: this.name,
      ip: this.ip,
      version: this.version,
      connected: this.connected,
      connectedSince: this.connectedSince,
      lastSeen: this.lastSeen,
      sources: this.sources,
      items: this.received.items,
      flows: this.received.flows,
      itemsPerSec: this.itemsPerSec(),
      drops: { ...this.dropped },
      packets: this.packets,
      scripts: this.scripts,
    };
  }
}
