/**
 * tcpdump's statistics, as it prints them on stderr: on SIGUSR1 one line
 *   "tcpdump: 12 packets captured, 24 packets received by filter, 0 packets dropped by kernel"
 * and at exit three or four lines
 *   "12 packets captured" / "24 packets received by filter" / "0 packets dropped by kernel"
 *   [/ "3 packets dropped by interface"].
 * "captured" = written to the output, "received by filter" = pcap_stats ps_recv (on lo each
 * packet is seen twice, outgoing and incoming), "dropped by kernel" = ps_drop,
 * "dropped by interface" = ps_ifdrop. Counters are cumulative for the tcpdump process.
 */

export interface TcpdumpCounters {
  captured: number;
  received: number;
  kernelDrops: number;
  interfaceDrops: number | null;
}

const FIELDS: [RegExp, keyof TcpdumpCounters][] = [
  [/(\d+) packets? captured/, 'captured'],
  [/(\d+) packets? received by filter/, 'received'],
  [/(\d+) packets? dropped by kernel/, 'kernelDrops'],
  [/(\d+) packets? dropped by interface/, 'interfaceDrops'],
];

/**
 * Accumulates stderr text and yields a counters record each time a complete report (one
 * SIGUSR1 line, or the exit block ending with the kernel-drops line) has arrived.
 */
export class TcpdumpStatsReader {
  private buf = '';
  private pending: Partial<TcpdumpCounters> = {};

  /** Feed stderr text; returns the reports completed by it, and other lines for the log. */
  push(text: string): { reports: TcpdumpCounters[]; other: string[] } {
    this.buf += text;
    const reports: TcpdumpCounters[] = [];
    const other: string[] = [];
    let nl: number;
    while ((nl = this.buf.indexOf('\n')) >= 0) {
      const line = this.buf.slice(0, nl).trim();
      this.buf = this.buf.slice(nl + 1);
      if (!this.line(line, reports) && line) other.push(line);
    }
    if (this.buf.length > 64 * 1024) this.buf = this.buf.slice(-1024);
    return { reports, other };
  }

  private line(line: string, reports: TcpdumpCounters[]): boolean {
    let hit = false;
    for (const [re, key] of FIELDS) {
      const m = re.exec(line);
      if (m) {
        this.pending[key] = Number(m[1]);
        hit = true;
      }
    }
    if (!hit) return false;
    const p = this.pending;
    // The interface-drops line, when printed, follows the kernel line: merge it into the last report.
    if (p.captured === undefined && p.kernelDrops === undefined && p.interfaceDrops !== undefined && reports.length) {
      reports[reports.length - 1].interfaceDrops = p.interfaceDrops;
      this.pending = {};
      return true;
    }
    if (p.captured !== undefined && p.received !== undefined && p.kernelDrops !== undefined) {
      reports.push({ captured: p.captured, received: p.received, kernelDrops: p.kernelDrops, interfaceDrops: p.interfaceDrops ?? null });
      this.pending = {};
    }
    return true;
  }
}
