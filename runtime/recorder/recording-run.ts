/**
 * The live state of one recording: its spec and compiled filter, the open window and its
 * collector, counters, and the history of its archives (with their upload state, mirrored
 * from the spool). Plain state; the Recorder drives it.
 */
import { compileKfl, type CompiledFilter } from '../../capture/kfl/index.ts';
import { redactDestination } from './destinations.ts';
import type { DestinationSpec, RecordingSpec, Window } from './recording-spec.ts';
import type { WindowCollector } from './window-collector.ts';

export type CutReason = 'window-end' | 'interval' | 'manual' | 'stop' | 'expired' | 'shutdown' | 'recovered';

/** One archive of a recording, from its cut to its confirmed upload. */
export interface ArchiveRecord {
  file: string;
  reason: CutReason;
  windowStart: number;
  windowEnd: number;
  items: number;
  packets: number;
  missingPackets: number;
  size: number;
  sha256: string;
  createdMs: number;
  key: string;
  /** Full destination (secrets included; redacted in listings). */
  destination: DestinationSpec;
  /** spooled → uploading → (retrying → uploading)* → uploaded */
  state: 'spooled' | 'uploading' | 'retrying' | 'uploaded';
  attempts: number;
  lastError: string;
  nextAttemptMs: number;
  url: string;
  uploadedMs: number;
}

export type RecordingState = 'scheduled' | 'recording' | 'finished' | 'stopped';

export interface RecordingStatus extends Omit<RecordingSpec, 'destination'> {
  destination: DestinationSpec;
  state: RecordingState;
  /** Not collecting because the spool is full (see Spool). */
  paused: boolean;
  window: Window | null;
  nextWindow: Window | null;
  /** Items recorded / dropped (spool full) since the node started. */
  items: number;
  itemsDropped: number;
  windows: number;
  archives: ArchiveRecord[];
}

/** Archive records kept per recording (older ones are forgotten, not deleted anywhere). */
export const ARCHIVE_HISTORY = 100;

export class RecordingRun {
  readonly filter: CompiledFilter;
  state: RecordingState = 'scheduled';
  stopped = false;
  window: Window | null = null;
  next: Window | null = null;
  /** next was computed (null then means no window is left). */
  planned = false;
  collector: WindowCollector | null = null;
  lastCutMs = 0;
  items = 0;
  itemsDropped = 0;
  windows = 0;
  archives: ArchiveRecord[] = [];
  /** Cuts of this recording run one after the other. */
  chain: Promise<unknown> = Promise.resolve();

  constructor(readonly spec: RecordingSpec) {
    this.filter = compileKfl(spec.filter);
  }

  addArchive(a: ArchiveRecord): void {
    this.archives.push(a);
    if (this.archives.length > ARCHIVE_HISTORY) this.archives.splice(0, this.archives.length - ARCHIVE_HISTORY);
  }

  status(paused: boolean): RecordingStatus {
    return {
      ...this.spec,
      destination: redactDestination(this.spec.destination),
      state: this.state,
      paused: paused && this.window !== null,
      window: this.window,
      nextWindow: this.window ? null : this.next,
      items: this.items,
      itemsDropped: this.itemsDropped,
      windows: this.windows,
      archives: this.archives.map((a) => ({ ...a, destination: redactDestination(a.destination) })),
    };
  }
}
