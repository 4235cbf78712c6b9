/**
 * What the recorder keeps across restarts, in `<dataDir>/spool/recordings.json` (mode
 * 0600, beside the archives it describes): recordings created through the API (config ones
 * come from the config each start), which recordings were stopped, and each recording's
 * archive history. Written atomically; saves requested while one is running coalesce into
 * one more write.
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { RecordingSpec } from './recording-spec.ts';
import type { ArchiveRecord } from './recording-run.ts';

export interface RecorderState {
  version: 1;
  recordings: RecordingSpec[];
  stopped: string[];
  archives: Record<string, ArchiveRecord[]>;
}

export function emptyState(): RecorderState {
  return { version: 1, recordings: [], stopped: [], archives: {} };
}

/** The saved state, or an empty one (a missing or unreadable file is reported through `log`). */
export async function loadState(file: string, log?: (line: string) => void): Promise<RecorderState> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    return emptyState();
  }
  try {
    const s = JSON.parse(text) as RecorderState;
    if (s.version !== 1 || !Array.isArray(s.recordings)) throw new Error('unknown format');
    return { ...emptyState(), ...s };
  } catch (e) {
    log?.(`wirehook: recorder: ignoring ${file} (${(e as Error).message})`);
    return emptyState();
  }
}

export class StateWriter {
  private running: Promise<void> | null = null;
  private again = false;

  constructor(
    private readonly file: string,
    private readonly snapshot: () => RecorderState,
  ) {}

  /** Resolves once a write that includes every change made before the call finished. */
  save(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.write().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async write(): Promise<void> {
    do {
      this.again = false;
      const tmp = `${this.file}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(this.snapshot()), { mode: 0o600 });
      await rename(tmp, this.file);
    } while (this.again);
  }
}
