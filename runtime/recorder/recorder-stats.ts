/** Counters of the recorder (read at scrape time by storage-metrics.ts). */
export class RecorderStats {
  /** Items collected into recordings. */
  itemsRecorded = 0;
  /** Matching items not collected because the spool was full. */
  itemsDropped = 0;
  /** Archives built and spooled, and their bytes. */
  archives = 0;
  archiveBytes = 0;
  /** Cuts whose archive could not be built (logged). */
  cutErrors = 0;
  /** Times the spool filled up (each starts an overflow episode). */
  spoolOverflows = 0;
}
