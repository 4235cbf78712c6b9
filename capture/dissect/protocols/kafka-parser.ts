/**
 * Kafka flow parser. Client → server frames are requests (header v1, v2 for flexible
 * versions, v0 for ControlledShutdown v0), server → client frames responses; a response
 * is decoded with the API key and version of the request with the same correlation id,
 * remembered per flow (at most `MAX_IN_FLIGHT`), and pairs with it by that id ('key').
 *
 * Item fields (Kubeshark names):
 *   request  { size, apiKeyName, apiKey, apiVersion, correlationID, clientID, payload }
 *   response { size, correlationID, payload }
 * `size` is the frame's declared length. `payload` is the decoded body (kafka-schemas.ts
 * field names, records summarised per kafka-records.ts) for the APIs and versions the
 * schemas cover; otherwise `{ rawSize }` (body bytes). A frame longer than the keep cap
 * is decoded as far as it was kept and its payload carries `truncated: true`.
 *
 * A Produce with acks=0 (no response by design) is an item of its own. Not Kafka (absurd
 * frame length, unknown header) → violation; a capture gap loses the framing → violation.
 */
import type { Direction } from '../../flow/flow.ts';
import type { Message } from '../../item.ts';
import type { FlowParser, ParserContext } from '../descriptor.ts';
import { kafkaApiName, MAX_KNOWN_API_KEY } from './kafka-api-names.ts';
import { decodeStruct } from './kafka-codec.ts';
import { FrameAssembler, type FrameLimits, type FrameSink } from './kafka-frames.ts';
import { KReader } from './kafka-reader.ts';
import { isFlexible, kafkaApi } from './kafka-schemas.ts';

export const MAX_IN_FLIGHT = 1024;
/** Highest API version accepted in a request header before the flow is judged not Kafka. */
const MAX_API_VERSION = 40;

interface InFlight {
  apiKey: number;
  apiVersion: number;
}

export class KafkaParser implements FlowParser, FrameSink {
  private readonly ctx: ParserContext;
  private readonly frames: [FrameAssembler, FrameAssembler];
  private readonly inFlight = new Map<number, InFlight>();
  private done = false;

  constructor(ctx: ParserContext, lim: FrameLimits) {
    this.ctx = ctx;
    this.frames = [new FrameAssembler(this, 0, lim), new FrameAssembler(this, 1, lim)];
  }

  data(dir: Direction, bytes: Uint8Array, tsMs: number): void {
    if (!this.done) this.frames[dir].push(bytes, tsMs);
  }

  gap(dir: Direction, _length: number, _tsMs: number): void {
    if (this.done) return;
    this.frames[dir].reset();
    this.fail('kafka_gap', 'Kafka lost its framing in a capture gap');
  }

  end(_tsMs: number): void {
    if (this.done) return;
    if (this.frames[0].partial || this.frames[1].partial) this.ctx.weird('kafka_truncated');
    this.done = true;
  }

  onFrame(dir: Direction, f: Uint8Array, size: number, tsMs: number, whole: boolean): void {
    if (dir === 0) this.request(f, size, tsMs, whole);
    else this.response(f, size, tsMs, whole);
  }

  onBadLength(): void {
    this.fail('kafka_bad_length', 'frame length out of range');
  }

  private fail(weird: string, why: string): void {
    if (this.done) return;
    this.done = true;
    this.ctx.weird(weird);
    this.ctx.violate(why);
  }

  private request(f: Uint8Array, size: number, tsMs: number, whole: boolean): void {
    if (this.done) return;
    const r = new KReader(f);
    const apiKey = r.i16();
    const apiVersion = r.i16();
    const correlationID = r.i32();
    // Request header v0 (only ControlledShutdown v0 uses it) has no client id.
    const clientID = apiKey === 7 && apiVersion === 0 ? null : r.str(false);
    if (r.bad || apiKey < 0 || apiKey > MAX_KNOWN_API_KEY + 32 || apiVersion < 0 || apiVersion > MAX_API_VERSION) {
      return this.fail('kafka_bad_header', 'not a Kafka request header');
    }
    const flex = isFlexible(apiKey, apiVersion);
    if (flex) r.skipTagged();
    const api = kafkaApi(apiKey);
    const payload = api && apiVersion <= api.maxVersion && !r.bad ? decodeStruct(r, api.request, apiVersion, flex) : { rawSize: r.left };
    this.check(r, whole, payload, 'kafka_malformed_request');
    const m: Message = { kind: 'request', key: correlationID, tsMs, size: size + 4, fields: { size, apiKeyName: kafkaApiName(apiKey), apiKey, apiVersion, correlationID, clientID, payload } };
    // A Produce with acks=0 gets no response by design: an item of its own, not a timeout.
    if (apiKey === 0 && payload.acks === 0) return this.ctx.item({ request: m, response: null });
    if (this.inFlight.size >= MAX_IN_FLIGHT) this.inFlight.delete(this.inFlight.keys().next().value as number);
    this.inFlight.set(correlationID, { apiKey, apiVersion });
    this.ctx.message(m);
  }

  private response(f: Uint8Array, size: number, tsMs: number, whole: boolean): void {
    if (this.done) return;
    const r = new KReader(f);
    const correlationID = r.i32();
    if (r.bad) return this.fail('kafka_bad_header', 'not a Kafka response header');
    const req = this.inFlight.get(correlationID);
    let payload: Record<string, unknown>;
    if (req === undefined) {
      this.ctx.weird('kafka_unmatched_response');
      payload = { rawSize: r.left };
    } else {
      this.inFlight.delete(correlationID);
      const flex = isFlexible(req.apiKey, req.apiVersion);
      // ApiVersions answers with a v0 response header whatever the version.
      if (flex && req.apiKey !== 18) r.skipTagged();
      const api = kafkaApi(req.apiKey);
      payload = api && req.apiVersion <= api.maxVersion && !r.bad ? decodeStruct(r, api.response, req.apiVersion, flex) : { rawSize: r.left };
      this.check(r, whole, payload, 'kafka_malformed_response');
    }
    this.ctx.message({ kind: 'response', key: correlationID, tsMs, size: size + 4, fields: { size, correlationID, payload } });
  }

  /** Flag a payload that ran past its frame: cut by the keep cap (not an anomaly) or malformed. */
  private check(r: KReader, whole: boolean, payload: Record<string, unknown>, weird: string): void {
    if (!whole) payload.truncated = true;
    else if (r.bad) this.ctx.weird(weird);
  }
}
