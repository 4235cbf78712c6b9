/**
 * What TCP reassembly concluded about one segment. The flow table turns verdicts into
 * per-direction L4 counters: `retransmission` and `overlap` count as retransmissions,
 * `out_of_order` as out-of-order.
 */
export type TcpVerdict =
  /** New bytes at the expected sequence number, delivered at once. */
  | 'data'
  /** Starts before the expected sequence number: only the new tail was delivered. */
  | 'overlap'
  /** Starts after a hole: buffered (copied) until the hole fills or is declared a gap. */
  | 'out_of_order'
  /** Everything it carries (bytes, SYN, FIN) was already delivered or buffered. */
  | 'retransmission'
  /** Zero or one byte at expected-1 with no SYN/FIN: a keep-alive probe, not a retransmission. */
  | 'keepalive'
  /** No payload and nothing new (pure ACK, window update, first SYN or FIN in order). */
  | 'empty'
  /** RST: the connection ended. */
  | 'reset'
  /** New bytes after the connection ended or after this direction's FIN: dropped. */
  | 'after_close'
  /** Sequence number implausibly far from the stream (> maxSeqJump away): ignored. */
  | 'invalid';
