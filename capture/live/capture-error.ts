/**
 * Operator-facing live-capture errors: a stable `code`, a message saying what failed and a
 * `hint` saying what to do. The agent classifies libpcap / tcpdump error text with
 * `classifyCaptureFailure` so both producers report the same codes.
 *
 * Codes:
 * - ERR_CAPTURE_NO_INTERFACE  the interface does not exist
 * - ERR_CAPTURE_PERMISSION    no privilege to open a packet socket (EPERM / EACCES)
 * - ERR_CAPTURE_FILTER        the BPF filter does not compile
 * - ERR_CAPTURE_NO_PRODUCER   neither `cap` (libpcap binding) nor tcpdump can run here
 * - ERR_CAPTURE_FAILED        anything else the producer reported
 */
export type CaptureErrorCode =
  | 'ERR_CAPTURE_NO_INTERFACE'
  | 'ERR_CAPTURE_PERMISSION'
  | 'ERR_CAPTURE_FILTER'
  | 'ERR_CAPTURE_NO_PRODUCER'
  | 'ERR_CAPTURE_FAILED';

export interface CaptureErrorJson {
  code: string;
  detail: string;
  hint: string;
}

export class CaptureError extends Error {
  readonly code: CaptureErrorCode;
  /** What to do about it. */
  readonly hint: string;

  /** `detail` (the message) says what failed. */
  constructor(code: CaptureErrorCode, detail: string, hint: string) {
    super(detail);
    this.name = 'CaptureError';
    this.code = code;
    this.hint = hint;
  }

  get detail(): string {
    return this.message;
  }

  /** The shape sent over the agent's side channel. */
  toJSON(): CaptureErrorJson {
    return { code: this.code, detail: this.detail, hint: this.hint };
  }

  static from(j: CaptureErrorJson): CaptureError {
    return new CaptureError(isCode(j.code) ? j.code : 'ERR_CAPTURE_FAILED', j.detail, j.hint);
  }
}

const CODES: ReadonlySet<string> = new Set(['ERR_CAPTURE_NO_INTERFACE', 'ERR_CAPTURE_PERMISSION', 'ERR_CAPTURE_FILTER', 'ERR_CAPTURE_NO_PRODUCER', 'ERR_CAPTURE_FAILED']);

function isCode(c: string): c is CaptureErrorCode {
  return CODES.has(c);
}

export function noInterfaceError(iface: string, known: string[]): CaptureError {
  return new CaptureError(
    'ERR_CAPTURE_NO_INTERFACE',
    `no network interface named '${iface}'`,
    known.length ? `choose one of: ${known.join(', ')}; 'ip link' lists them` : "'ip link' lists the interfaces",
  );
}

export function permissionError(iface: string, detail: string): CaptureError {
  return new CaptureError(
    'ERR_CAPTURE_PERMISSION',
    `no permission to capture on '${iface}': ${detail}`,
    'run as root, or grant the capture capabilities: setcap cap_net_raw,cap_net_admin=eip "$(command -v tcpdump)" (in Kubernetes: NET_RAW and NET_ADMIN)',
  );
}

/** Map a producer's error text to a coded error. */
export function classifyCaptureFailure(iface: string, filter: string, text: string): CaptureError {
  const t = text.trim().replace(/\s+/g, ' ');
  if (/Operation not permitted|permission|EPERM|EACCES/i.test(t)) return permissionError(iface, t);
  if (/No such device|doesn't exist|does not exist|SIOCGIFHWADDR|ENODEV/i.test(t)) return noInterfaceError(iface, []);
  if (/syntax error|filter expression|can't parse filter|illegal token|unknown host|bpf/i.test(t)) {
    return new CaptureError('ERR_CAPTURE_FILTER', `the capture filter '${filter}' is not valid BPF: ${t}`, "fix --filter / capture.filter (see 'man pcap-filter')");
  }
  return new CaptureError('ERR_CAPTURE_FAILED', `capture on '${iface}' failed: ${t}`, 'see the message above; the capture agent could not open the interface');
}

export function noProducerError(reasons: string[]): CaptureError {
  return new CaptureError(
    'ERR_CAPTURE_NO_PRODUCER',
    `no packet capture producer can run: ${reasons.join('; ')}`,
    "install tcpdump ('apt-get install tcpdump') or libpcap-dev and the optional 'cap' package (npm install cap)",
  );
}
