/**
 * Anomalies ("weirds", after Zeek) are data, not exceptions: a parser that meets malformed
 * input records a named anomaly and carries on. Names are stable snake_case identifiers
 * prefixed by the layer, e.g. `ipv4_bad_header_len`, `tcp_bad_data_offset`,
 * `http_bad_chunk_size`, `dns_compression_loop`. Counts feed `wirehook_anomalies_total{name}`
 * and the `wirehook dissect` summary.
 */
export class Weirds {
  readonly counts = new Map<string, number>();
  total = 0;

  add(name: string, n = 1): void {
    this.counts.set(name, (this.counts.get(name) ?? 0) + n);
    this.total += n;
  }

  get(name: string): number {
    return this.counts.get(name) ?? 0;
  }

  /** Sorted copy for summaries and tests. */
  toJSON(): Record<string, number> {
    return Object.fromEntries([...this.counts.entries()].sort((a, b) => a[0].localeCompare(b[0])));
  }
}
