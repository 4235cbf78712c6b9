/**
 * The one error a pcap/pcapng source raises for a bad capture. Packets before `offset` were
 * already delivered; `offset` is the byte position (from the start of the stream) of the
 * record that could not be read.
 *
 * Codes (stable, asserted in tests):
 * - ERR_PCAP_BAD_MAGIC — not a classic pcap or pcapng stream.
 * - ERR_PCAP_TRUNCATED — the stream ended inside a record (file cut short, writer killed).
 * - ERR_PCAP_CORRUPT   — a record with impossible lengths or references.
 */
export type PcapErrorCode = 'ERR_PCAP_BAD_MAGIC' | 'ERR_PCAP_TRUNCATED' | 'ERR_PCAP_CORRUPT';

export class PcapFormatError extends Error {
  override readonly name = 'PcapFormatError';

  constructor(
    readonly code: PcapErrorCode,
    readonly offset: number,
    message: string,
  ) {
    super(message);
  }

  static badMagic(magic: Uint8Array): PcapFormatError {
    const hex = Array.from(magic, (b) => b.toString(16).padStart(2, '0')).join(' ');
    const hint =
      magic[0] === 0x1f && magic[1] === 0x8b
        ? 'it is gzip-compressed: decompress it first (gunzip)'
        : 'give a classic pcap or pcapng capture (tcpdump -w, or convert with `editcap -F pcap IN OUT`)';
    return new PcapFormatError('ERR_PCAP_BAD_MAGIC', 0, `not a pcap/pcapng capture (first bytes ${hex}): ${hint}`);
  }

  static truncated(offset: number, what: string): PcapFormatError {
    return new PcapFormatError(
      'ERR_PCAP_TRUNCATED',
      offset,
      `capture ends inside ${what} at byte ${offset} (file cut short or writer stopped); ` +
        'the packets before it were read — `editcap IN OUT` writes a clean copy without the partial record',
    );
  }

  static corrupt(offset: number, detail: string): PcapFormatError {
    return new PcapFormatError(
      'ERR_PCAP_CORRUPT',
      offset,
      `corrupt capture at byte ${offset}: ${detail}; the packets before it were read — ` +
        'check the file with `capinfos`, or salvage the readable part with `editcap`',
    );
  }
}

/** Largest captured length accepted for one packet (libpcap's maximum snaplen). */
export const MAX_CAPLEN = 256 * 1024;

