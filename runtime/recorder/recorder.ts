/**
 * The recorder: scheduled recordings of items and their packets, archived and uploaded
 * through the spool (DESIGN.md §6, SCRIPT-API.md recording destinations).
 *
 *   item bus ─onItem─► open windows whose KFL filter matches ─► WindowCollector (NDJSON + streams)
 *   tick (1 s) ─► open/close windows; cut at window end, every `cutMinutes`, on demand, on stop
 *   cut ─► archive.ts (stream store pcap + items + name history) ─► spool ─► BlobStore
 *
 * Built on what scripts use: the stream store behind pcap.*, the name history behind
 * pcap.nameResolutionHistory, the BlobStores behind vendor.s3/gcs, with the same key layout.
 *
 * Overflow policy (spool over `recording.spool.maxMb`): matching items are not collected
 * (counted in `itemsDropped`, logged once per episode) until uploads bring the spool
 * below the bound; archives already spooled are never deleted. A cut still archives
 * what was collected before the spool filled up.
 *
 * On close (node stop) open windows are cut ("shutdown") so nothing collected is lost; a
 * crash leaves the working folders, whose items are archived at the next start
 * ("recovered", without packets: the stream store does not survive a restart).
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { Item } from '../../capture/item.ts';
import type { NameHistory } from '../../capture/store/dns-name-history.ts';
import type { StreamSlice, StreamStore } from '../../capture/store/stream-store.ts';
import type { WirehookConfig } from '../config.ts';
import { Archiver } from './archiver.ts';
import { Destinations } from './destinations.ts';
import { loadState, StateWriter, type RecorderState } from './recorder-state.ts';
import { nextWindow, parseRecording, recordingFromConfig, RecordingError, type Window } from './recording-spec.ts';
import { RecordingRun, type ArchiveRecord, type CutReason, type RecordingStatus } from './recording-run.ts';
import { RecorderStats } from './recorder-stats.ts';
import { Spool } from './spool.ts';
import { WindowCollector } from './window-collector.ts';

export interface RecorderOptions {
  dataDir: string;
  config: WirehookConfig;
  node: { name: string; ip: string };
  /** The stream store packets come from (null: archives hold items only). */
  store: StreamStore | null;
  /** The name history at cut time (services.nameHistory may be installed after the recorder). */
  history: () => NameHistory | undefined;
  log?: (line: string) => void;
  now?: () => number;
  /** Scheduling tick, ms (default 1000; 0 = call tick() yourself). */
  tickMs?: number;
}


export class Recorder {
  readonly stats = new RecorderStats();
  readonly destinations: Destinations;
  spool!: Spool;
  private archiver!: Archiver;
  private readonly runs = new Map<string, RecordingRun>();
  private active: RecordingRun[] = [];
  private readonly now: () => number;
  private readonly log: (line: string) => void;
  private readonly workDir: string;
  private readonly saver: StateWriter;
  private stoppedNames = new Set<string>();
  private paused = false;
  private timer: NodeJS.Timeout | null = null;

  private constructor(private readonly o: RecorderOptions) {
    this.now = o.now ?? Date.now;
    this.log = o.log ?? (() => undefined);
    this.destinations = new Destinations(o.config, o.dataDir, o.node);
    this.workDir = path.join(o.dataDir, 'spool', 'work');
    this.saver = new StateWriter(path.join(o.dataDir, 'spool', 'recordings.json'), () => this.snapshot());
  }

  static async open(o: RecorderOptions): Promise<Recorder> {
    const r = new Recorder(o);
    const spoolDir = path.join(o.dataDir, 'spool');
    const sp = o.config.recording.spool;
    r.spool = await Spool.open({
      dir: spoolDir,
      maxBytes: sp.maxMb * 1024 * 1024,
      retryInitialMs: sp.retryInitialMs,
      retryMaxMs: sp.retryMaxMs,
      storeFor: (d) => r.destinations.storeFor(d),
      now: r.now,
      log: r.log,
      onUploading: (e) => r.updateArchive(e.recording, e.file, { state: 'uploading', attempts: e.attempts }),
      onFailed: (e) => r.updateArchive(e.recording, e.file, { state: 'retrying', attempts: e.attempts, lastError: e.lastError, nextAttemptMs: e.nextAttemptMs }),
      onUploaded: (e, res) => r.updateArchive(e.recording, e.file, { state: 'uploaded', attempts: e.attempts + 1, url: res.url, uploadedMs: r.now(), lastError: '' }),
    });
    r.archiver = new Archiver({
      spool: r.spool,
      destinations: r.destinations,
      store: o.store,
      history: o.history,
      node: o.node,
      stats: r.stats,
      log: r.log,
      now: r.now,
      saved: () => r.saver.save(),
    });
    const state = await loadState(path.join(spoolDir, 'recordings.json'), r.log);
    r.stoppedNames = new Set(state.stopped);
    for (const spec of state.recordings) r.runs.set(spec.name, new RecordingRun({ ...spec, origin: 'api' }));
    for (const [name, c] of Object.entries(o.config.recording.schedules)) {
      try {
        r.runs.set(name, new RecordingRun(recordingFromConfig(name, c, r.now())));
      } catch (e) {
        r.log(`wirehook: recorder: recording.schedules.${name} is not valid (${(e as Error).message}); skipped`);
      }
    }
    for (const run of r.runs.values()) {
      run.stopped = r.stoppedNames.has(run.spec.name);
      run.archives = (state.archives[run.spec.name] ?? []).slice();
    }
    await r.archiver.recover(r.workDir, r.runs);
    r.tick();
    const tickMs = o.tickMs ?? 1000;
    if (tickMs > 0) {
      r.timer = setInterval(() => r.tick(), tickMs);
      r.timer.unref();
    }
    return r;
  }

  /** Item-bus subscriber: collect `item` in every open window whose filter matches. */
  readonly onItem = (item: Item): void => {
    const act = this.active;
    if (act.length === 0) return;
    for (let i = 0; i < act.length; i++) {
      const run = act[i];
      if (!run.filter.match(item)) continue;
      if (this.paused) {
        run.itemsDropped++;
        this.stats.itemsDropped++;
        continue;
      }
      run.collector!.add(item, this.now());
      run.items++;
      this.stats.itemsRecorded++;
    }
  };

  /** Opens and closes windows, cuts on the interval, tracks the spool bound. */
  tick(): void {
    const now = this.now();
    this.checkSpool();
    for (const run of this.runs.values()) this.advance(run, now);
  }

  /** Creates a recording (API); throws RecordingError (ERR_RECORDING_INVALID/FILTER/EXISTS). */
  async create(input: unknown): Promise<RecordingStatus> {
    const spec = parseRecording(input, this.now(), 'api');
    if (this.runs.has(spec.name)) throw new RecordingError('ERR_RECORDING_EXISTS', `a recording named "${spec.name}" exists; stop and delete it first, or pick another name`);
    const run = new RecordingRun(spec);
    this.runs.set(spec.name, run);
    this.stoppedNames.delete(spec.name);
    this.advance(run, this.now());
    await this.saver.save();
    return this.status(run);
  }

  list(): RecordingStatus[] {
    return [...this.runs.values()].map((r) => this.status(r));
  }

  get(name: string): RecordingStatus {
    return this.status(this.run(name));
  }

  /** Stops a recording for good: its open window is cut and archived first. */
  async stop(name: string): Promise<RecordingStatus> {
    const run = this.run(name);
    run.stopped = true;
    this.stoppedNames.add(name);
    if (run.collector) await this.cut(run, 'stop', true);
    run.state = 'stopped';
    run.next = null;
    await run.chain;
    await this.saver.save();
    return this.status(run);
  }

  /** Archives what the open window collected so far (null when no window is open). */
  async flush(name: string): Promise<ArchiveRecord | null> {
    const run = this.run(name);
    return run.collector ? this.cut(run, 'manual', false) : null;
  }

  /** Stops and forgets a recording (its spooled archives still upload). */
  async remove(name: string): Promise<void> {
    await this.stop(name);
    this.runs.delete(name);
    this.stoppedNames.delete(name);
    await this.saver.save();
  }

  /** The content of an archive: from the spool while it waits, else from its destination. */
  async openArchive(name: string, file: string): Promise<{ stream: Readable; size: number }> {
    const a = this.run(name).archives.find((x) => x.file === file);
    if (!a) throw new RecordingError('ERR_RECORDING_NOT_FOUND', `recording "${name}" has no archive ${JSON.stringify(file)}`);
    if (this.spool.get(file)) return { stream: createReadStream(this.spool.path(file)), size: a.size };
    if (a.state !== 'uploaded') throw new RecordingError('ERR_RECORDING_ARCHIVE', `archive ${file} is neither in the spool nor uploaded`);
    return { stream: await this.destinations.storeFor(a.destination).get(a.key), size: a.size };
  }

  /** Cuts open windows ("shutdown"), waits for their archives, stops the spool. */
  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    for (const run of this.runs.values()) if (run.collector) void this.cut(run, 'shutdown', true);
    await Promise.all([...this.runs.values()].map((r) => r.chain));
    await this.spool.close();
    await this.saver.save();
  }

  private run(name: string): RecordingRun {
    const r = this.runs.get(name);
    if (!r) throw new RecordingError('ERR_RECORDING_NOT_FOUND', `no recording named "${name}"`);
    return r;
  }

  private status(run: RecordingRun): RecordingStatus {
    return run.status(this.paused);
  }

  private advance(run: RecordingRun, now: number): void {
    if (run.stopped) {
      run.state = 'stopped';
      return;
    }
    if (run.window) {
      if (now >= run.window.end) {
        const end = run.window.end;
        void this.cut(run, run.spec.expiration !== 0 && end >= run.spec.expiration ? 'expired' : 'window-end', true);
        run.next = nextWindow(run.spec, now, end);
        run.planned = true;
      } else if (now - run.lastCutMs >= this.o.config.recording.cutMinutes * 60_000) void this.cut(run, 'interval', false);
    }
    if (run.window) return;
    if (!run.planned) {
      run.next = nextWindow(run.spec, now);
      run.planned = true;
    }
    if (run.next === null) run.state = 'finished';
    else if (now >= run.next.start) this.openWindow(run, run.next, now);
    else run.state = 'scheduled';
  }

  private openWindow(run: RecordingRun, w: Window, now: number): void {
    run.window = w;
    run.next = null;
    run.planned = false;
    run.state = 'recording';
    run.lastCutMs = now;
    run.windows++;
    run.collector = new WindowCollector(path.join(this.workDir, run.spec.name, `${w.start}-${now}`));
    this.active = [...this.runs.values()].filter((r) => r.collector !== null);
  }

  private checkSpool(): void {
    const full = this.spool.full;
    if (full && !this.paused) {
      this.stats.spoolOverflows++;
      this.log(`wirehook: recorder: the spool is full (${(this.spool.usedBytes / 1048576).toFixed(1)} MB waiting for upload, limit recording.spool.maxMb): recordings stop collecting until uploads catch up; nothing unsent is deleted`);
    } else if (!full && this.paused) this.log('wirehook: recorder: the spool has room again; recordings collect again');
    this.paused = full;
  }

  /**
   * Archive what `run` collected since its last cut. The collection is handed over
   * synchronously (items arriving meanwhile go to the next part or, when `final`, nowhere);
   * building and spooling run after the recording's earlier cuts.
   */
  private cut(run: RecordingRun, reason: CutReason, final: boolean): Promise<ArchiveRecord | null> {
    const c = run.collector!;
    const window = run.window!;
    const batch = c.cut(final);
    const slices: StreamSlice[] = [];
    for (const s of batch.streams) {
      const slice = this.o.store?.slice(s.name, s.from);
      if (!slice) continue;
      c.streams.set(s.name, slice.end);
      if (slice.locs.length > 0) slices.push(slice);
    }
    const now = this.now();
    run.lastCutMs = now;
    if (final) {
      run.collector = null;
      run.window = null;
      this.active = this.active.filter((r) => r !== run);
    }
    const p = run.chain.then(() => this.archiver.archive(run, batch, slices, reason, window, now, final ? c : null));
    run.chain = p;
    return p;
  }

  private updateArchive(recording: string, file: string, change: Partial<ArchiveRecord>): void {
    const a = this.runs.get(recording)?.archives.find((x) => x.file === file);
    if (!a) return;
    Object.assign(a, change);
    void this.saver.save().catch((e: Error) => this.log(`wirehook: recorder: saving state failed: ${e.message}`));
  }

  private snapshot(): RecorderState {
    const runs = [...this.runs.values()];
    return {
      version: 1,
      recordings: runs.filter((r) => r.spec.origin === 'api').map((r) => r.spec),
      stopped: [...this.stoppedNames],
      archives: Object.fromEntries(runs.map((r) => [r.spec.name, r.archives])),
    };
  }
}
