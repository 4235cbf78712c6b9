/**
 * State of one HTTP/2 stream while it is open: per half (request = client → server,
 * response = server → client) the decoded header list, trailers, wire size, the kept body
 * (copied, capped) and an optional gRPC message counter. The connection parser fills it;
 * `http2-fields.ts` turns it into item fields once the stream is complete.
 */
import type { ItemError } from '../../item.ts';
import { GrpcCounter } from './grpc.ts';

/** A shared cap on body bytes kept per connection, on top of the per-body cap. */
export class BodyBudget {
  constructor(public left: number) {}
}

export class BodyBuffer {
  /** DATA payload octets seen (padding excluded), kept or not. */
  size = 0;
  /** Octets lost in capture gaps. */
  lost = 0;
  private chunks: Uint8Array[] = [];
  private kept = 0;

  add(b: Uint8Array, cap: number, budget: BodyBudget): void {
    this.size += b.length;
    const room = Math.min(cap - this.kept, budget.left);
    if (room <= 0) return;
    const take = b.length <= room ? b.length : room;
    this.chunks.push(b.slice(0, take));
    this.kept += take;
    budget.left -= take;
  }

  /** The kept octets as one array (a view when there is a single chunk). */
  bytes(): Uint8Array {
    if (this.chunks.length === 1) return this.chunks[0];
    const out = new Uint8Array(this.kept);
    let p = 0;
    for (const c of this.chunks) {
      out.set(c, p);
      p += c.length;
    }
    return out;
  }
}

export class StreamHalf {
  /** Packet time of the first HEADERS of this half, ms (0 = none yet). */
  tsMs = 0;
  /** Final header list as [name, value, …] (null until received). */
  headers: string[] | null = null;
  /** Trailer list (a HEADERS block after the final headers), or null. */
  trailers: string[] | null = null;
  /** Encoded (HPACK) header block octets of the headers (not trailers). */
  headerBytes = 0;
  /** Frame octets of this half on the wire (9-octet frame headers included). */
  wire = 0;
  readonly body = new BodyBuffer();
  grpc: GrpcCounter | null = null;
  /** END_STREAM seen. */
  ended = false;
  /** Interim (1xx) response header blocks seen before the final one. */
  interim = 0;
}

export class H2Stream {
  readonly id: number;
  readonly req = new StreamHalf();
  readonly res = new StreamHalf();
  /** Opened by a PUSH_PROMISE (the request came from the server). */
  pushed = false;
  error: ItemError | null = null;

  constructor(id: number) {
    this.id = id;
  }

  get complete(): boolean {
    return this.req.ended && this.res.ended;
  }

  /** Time of the stream's first message. */
  get firstTs(): number {
    return this.req.tsMs || this.res.tsMs;
  }
}

/** Value of the first `name` in a flat header list ('' when absent). */
export function headerValue(list: string[] | null, name: string): string {
  if (list === null) return '';
  for (let i = 0; i < list.length; i += 2) if (list[i] === name) return list[i + 1];
  return '';
}
