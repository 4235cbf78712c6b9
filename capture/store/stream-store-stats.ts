/**
 * Counters of the stream store, read at collect time by the metrics exporter
 * (runtime/recorder/storage-metrics.ts) and by the dashboard's stats. Monotonic counters
 * only grow; `sizes()` reports the current gauges.
 */
export class StreamStoreStats {
  /** Packets recorded. */
  packets = 0;
  /** Bytes recorded (pcap records: 16-byte header + captured bytes). */
  bytes = 0;
  /** Packets not recorded because the disk fell behind or a segment could not be written. */
  droppedPackets = 0;
  /** Segments evicted (size or age), their bytes and the packets they held. */
  evictedSegments = 0;
  evictedBytes = 0;
  evictedPackets = 0;
  /** Streams that lost their last packet to eviction and left the index. */
  evictedStreams = 0;
  /** A new flow got a stream name already in the index (several sources on one node). */
  nameReuse = 0;
  /** Segment files that failed to write. */
  writeErrors = 0;
  /** Current gauges: segment files, their bytes, streams in the index. */
  sizes: () => { segments: number; diskBytes: number; streams: number } = () => ({ segments: 0, diskBytes: 0, streams: 0 });
}
