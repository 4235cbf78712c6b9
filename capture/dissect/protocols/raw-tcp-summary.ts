/**
 * The parser behind the raw TCP and raw UDP fallback dissectors (shared by `raw-tcp.ts`
 * and `raw-udp.ts`): it understands nothing of the payload and summarises each direction,
 * so every connection that no protocol dissector claims still shows up as an item (the
 * `tcp` / `udp` KFL macros, pod-to-pod L4 analysis).
 *
 * Item shape (request = client → server, response = server → client; both always present):
 *
 *   { size: number,        // payload bytes sent in this report period (seen or not)
 *     chunks: number,      // TCP: reassembled data deliveries; UDP: datagrams
 *     lostBytes: number,   // TCP: bytes of `size` not seen — capture gaps, and bytes the
 *                          // session skipped while no dissector recognised the flow (UDP: 0)
 *     preview: string,     // first ≤ 64 payload bytes of the period, printable ASCII, others '.'
 *     previewHex: string } // the same bytes as lower-case hex
 *
 * Reports: one item when the flow ends; a flow active for longer than `reportMs` of packet
 * time gets an item each time that much time has passed since its previous report (the
 * counters restart after each report), so long-lived connections are visible while they
 * last. `requestSize`/`responseSize` are the two `size`s; `elapsedTime` is the delay from
 * the first client byte to the first server byte of the period.
 */
import type { Direction } from '../../flow/flow.ts';
import type { Message, ProtocolInfo } from '../../item.ts';
import type { FlowParser, ParserContext } from '../descriptor.ts';

/** Bytes of payload kept per direction and period for the preview. */
export const RAW_PREVIEW_BYTES = 64;
/** Default report period, ms of packet time. */
export const RAW_REPORT_MS = 60_000;

const HEX = '0123456789abcdef';

/** Printable ASCII of `b` (other bytes as '.') and its hex; for at most 64 bytes. */
export function previewOf(b: Uint8Array, len: number): { text: string; hex: string } {
  let text = '';
  let hex = '';
  for (let i = 0; i < len; i++) {
    const c = b[i];
    text += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
    hex += HEX[c >> 4] + HEX[c & 15];
  }
  return { text, hex };
}

class DirectionSummary {
  size = 0;
  chunks = 0;
  lostBytes = 0;
  firstMs = -1;
  readonly head = new Uint8Array(RAW_PREVIEW_BYTES);
  headLen = 0;

  add(bytes: Uint8Array, tsMs: number): void {
    if (this.firstMs < 0) this.firstMs = tsMs;
    this.size += bytes.length;
    this.chunks++;
    const room = RAW_PREVIEW_BYTES - this.headLen;
    if (room > 0 && bytes.length > 0) {
      const n = Math.min(room, bytes.length);
      this.head.set(bytes.subarray(0, n), this.headLen);
      this.headLen += n;
    }
  }

  get active(): boolean {
    return this.chunks > 0 || this.lostBytes > 0;
  }

  fields(): Record<string, unknown> {
    const p = previewOf(this.head, this.headLen);
    return { size: this.size, chunks: this.chunks, lostBytes: this.lostBytes, preview: p.text, previewHex: p.hex };
  }

  reset(): void {
    this.size = 0;
    this.chunks = 0;
    this.lostBytes = 0;
    this.firstMs = -1;
    this.headLen = 0;
  }
}

export class RawSummaryParser implements FlowParser {
  private readonly ctx: ParserContext;
  private readonly protocol: ProtocolInfo;
  private readonly reportMs: number;
  private readonly dirs: [DirectionSummary, DirectionSummary] = [new DirectionSummary(), new DirectionSummary()];
  private periodStart = -1;

  constructor(ctx: ParserContext, protocol: ProtocolInfo, reportMs = RAW_REPORT_MS) {
    this.ctx = ctx;
    this.protocol = protocol;
    this.reportMs = reportMs;
  }

  data(dir: Direction, bytes: Uint8Array, tsMs: number): void {
    if (this.periodStart >= 0 && tsMs - this.periodStart >= this.reportMs) this.report(tsMs);
    if (this.periodStart < 0) this.periodStart = tsMs;
    this.dirs[dir].add(bytes, tsMs);
  }

  gap(dir: Direction, length: number, tsMs: number): void {
    if (this.periodStart < 0) this.periodStart = tsMs;
    const d = this.dirs[dir];
    if (d.firstMs < 0) d.firstMs = tsMs;
    d.lostBytes += length;
    d.size += length;
  }

  end(tsMs: number): void {
    this.report(tsMs);
  }

  /** Emit the period's item (if anything happened) and start a new period. */
  private report(tsMs: number): void {
    const [c, s] = this.dirs;
    if (c.active || s.active) {
      const start = this.periodStart >= 0 ? this.periodStart : tsMs;
      const req: Message = { kind: 'request', tsMs: c.firstMs >= 0 ? c.firstMs : start, size: c.size, fields: c.fields() };
      const res: Message = { kind: 'response', tsMs: s.firstMs >= 0 ? s.firstMs : req.tsMs, size: s.size, fields: s.fields() };
      // Elapsed time only means something when the client spoke first.
      if (c.firstMs < 0 || res.tsMs < req.tsMs) res.tsMs = req.tsMs;
      this.ctx.item({ protocol: this.protocol, request: req, response: res });
    }
    c.reset();
    s.reset();
    this.periodStart = -1;
  }
}
