/** Scheduled recordings of the dashboard API (`/api/recordings`, the storage feature). Types only. */

/** Where a recording's archives go (fields left out come from the node's config). */
export interface RecordingDestination {
  type: 'folder' | 's3' | 'gcs';
  prefix?: string;
  folder?: string;
  bucket?: string;
  endpoint?: string;
  region?: string;
}

/** A scheduled recording as `GET /api/recordings` lists it (runtime/recorder). */
export interface Recording {
  name: string;
  filter: string;
  start: number;
  durationMs: number;
  iterations: number;
  cron: string;
  /** Epoch ms; 0 = none. */
  expiration: number;
  destination: RecordingDestination;
  state: 'scheduled' | 'recording' | 'finished' | 'stopped' | string;
  /** Not collecting: the local spool is full. */
  paused?: boolean;
  window?: { start: number; end: number } | null;
  nextWindow?: { start: number; end: number } | null;
  items?: number;
  itemsDropped?: number;
  windows?: number;
  archives?: RecordingArchive[];
}

export interface RecordingArchive {
  file: string;
  size?: number;
  items?: number;
  packets?: number;
  windowStart?: number;
  windowEnd?: number;
  /** spooled → uploading → (retrying → uploading)* → uploaded */
  state?: 'spooled' | 'uploading' | 'retrying' | 'uploaded' | string;
  attempts?: number;
}
