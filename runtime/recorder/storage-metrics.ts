/**
 * Metrics of the stream store, the recorder and its spool, read at scrape time from their
 * own counters (StreamStoreStats, RecorderStats, SpoolStats) — nothing is paid per packet.
 *
 *   wirehook_stream_store_packets_total / _bytes_total     packets recorded (bytes as pcap records)
 *   wirehook_stream_store_dropped_packets_total            not recorded: the disk fell behind or failed
 *   wirehook_stream_store_evicted_{segments,bytes,packets,streams}_total   size/age eviction
 *   wirehook_stream_store_write_errors_total
 *   wirehook_stream_store_{segments,disk_bytes,streams}    now
 *   wirehook_recorder_items_total{recording}               items collected into recordings
 *   wirehook_recorder_items_dropped_total{recording}       not collected: spool full
 *   wirehook_recorder_archives_total / _archive_bytes_total / _cut_errors_total / _spool_overflows_total
 *   wirehook_recordings{state}                             scheduled | recording | finished | stopped
 *   wirehook_spool_archives / wirehook_spool_bytes         waiting for upload now
 *   wirehook_spool_uploads_total / _uploaded_bytes_total / _upload_failures_total / _lost_total
 */
import type { Registry } from 'prom-client';
import type { StreamStore } from '../../capture/store/stream-store.ts';
import { collectedCounter, collectedGauge, type Sample } from '../metrics/collected.ts';
import type { Recorder } from './recorder.ts';

type NoLabel = Sample<never>;

export function registerStorageMetrics(registry: Registry, store: StreamStore | null, recorder: Recorder | null): void {
  if (store) {
    const st = store.stats;
    const counters: [string, string, () => number][] = [
      ['packets', 'Packets recorded by the stream store.', () => st.packets],
      ['bytes', 'Bytes recorded by the stream store (pcap records).', () => st.bytes],
      ['dropped_packets', 'Packets the stream store did not record because the disk fell behind or failed.', () => st.droppedPackets],
      ['evicted_segments', 'Stream-store segments evicted by size or age.', () => st.evictedSegments],
      ['evicted_bytes', 'Bytes of evicted stream-store segments.', () => st.evictedBytes],
      ['evicted_packets', 'Packets removed from the stream index by eviction.', () => st.evictedPackets],
      ['evicted_streams', 'Streams that lost their last packet to eviction.', () => st.evictedStreams],
      ['write_errors', 'Stream-store segment files that failed to write.', () => st.writeErrors],
    ];
    for (const [name, help, v] of counters) collectedCounter(registry, { name: `wirehook_stream_store_${name}_total`, help, values: (): NoLabel[] => [[{}, v()]] });
    collectedGauge(registry, { name: 'wirehook_stream_store_segments', help: 'Stream-store segment files on disk.', values: (): NoLabel[] => [[{}, st.sizes().segments]] });
    collectedGauge(registry, { name: 'wirehook_stream_store_disk_bytes', help: 'Bytes of stream-store segment files.', values: (): NoLabel[] => [[{}, st.sizes().diskBytes]] });
    collectedGauge(registry, { name: 'wirehook_stream_store_streams', help: 'Streams in the stream index.', values: (): NoLabel[] => [[{}, st.sizes().streams]] });
  }
  if (!recorder) return;
  const rs = recorder.stats;
  const per = (f: (r: { items: number; itemsDropped: number }) => number) => (): Sample<'recording'>[] => recorder.list().map((r) => [{ recording: r.name }, f(r)]);
  collectedCounter(registry, { name: 'wirehook_recorder_items_total', help: 'Items collected into recordings.', labelNames: ['recording'], values: per((r) => r.items) });
  collectedCounter(registry, { name: 'wirehook_recorder_items_dropped_total', help: 'Matching items not collected because the spool was full.', labelNames: ['recording'], values: per((r) => r.itemsDropped) });
  const counters: [string, string, () => number][] = [
    ['recorder_archives', 'Recording archives built and spooled.', () => rs.archives],
    ['recorder_archive_bytes', 'Bytes of recording archives spooled.', () => rs.archiveBytes],
    ['recorder_cut_errors', 'Recording cuts that failed to build an archive.', () => rs.cutErrors],
    ['recorder_spool_overflows', 'Times the spool filled up and recordings stopped collecting.', () => rs.spoolOverflows],
    ['spool_uploads', 'Archives uploaded and confirmed by their destination.', () => recorder.spool.stats.uploads],
    ['spool_uploaded_bytes', 'Bytes of archives uploaded and confirmed.', () => recorder.spool.stats.uploadedBytes],
    ['spool_upload_failures', 'Failed upload attempts (each is retried).', () => recorder.spool.stats.failures],
    ['spool_lost', 'Spooled archives deleted by someone else before their upload.', () => recorder.spool.stats.lost],
  ];
  for (const [name, help, v] of counters) collectedCounter(registry, { name: `wirehook_${name}_total`, help, values: (): NoLabel[] => [[{}, v()]] });
  collectedGauge(registry, { name: 'wirehook_spool_archives', help: 'Archives waiting in the spool for upload.', values: (): NoLabel[] => [[{}, recorder.spool.list().length]] });
  collectedGauge(registry, { name: 'wirehook_spool_bytes', help: 'Bytes waiting in the spool for upload.', values: (): NoLabel[] => [[{}, recorder.spool.usedBytes]] });
  collectedGauge(registry, {
    name: 'wirehook_recordings',
    help: 'Recordings by state.',
    labelNames: ['state'],
    values: (): Sample<'state'>[] => {
      const n: Record<string, number> = { scheduled: 0, recording: 0, finished: 0, stopped: 0 };
      for (const r of recorder.list()) n[r.state]++;
      return Object.entries(n).map(([state, v]) => [{ state }, v]);
    },
  });
}
