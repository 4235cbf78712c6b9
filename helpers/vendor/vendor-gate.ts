/**
 * What every vendor.* call goes through (config `vendor`): a per-script rate limit (a token
 * bucket of `callsPerMinute` calls, refilled continuously on the script's clock; a call
 * without a token throws ERR_VENDOR_RATE_LIMIT), then the shared HTTP client with the
 * configured time limit and response cap; a truncated response is noted in the script's
 * console. One gate per node (op service `vendorLimits`, created from the config on first use).
 */
import type { WirehookConfig } from '../../runtime/config.ts';
import type { OpContext } from '../define-op.ts';
import { parseVendorUrl, shownUrl, VendorError, vendorRequest, type VendorLimits, type VendorRequest, type VendorResponse } from './vendor-http.ts';

declare module '../define-op.ts' {
  interface OpServices {
    /** Rate limits and HTTP limits of vendor.* (helpers/vendor/vendor-gate.ts). */
    vendorLimits: VendorGate;
  }
}

interface Bucket {
  tokens: number;
  atMs: number;
}

export class VendorGate {
  readonly limits: VendorLimits;
  private readonly buckets = new Map<string, Bucket>();

  constructor(readonly config: WirehookConfig['vendor']) {
    this.limits = { timeoutMs: config.timeoutMs, maxResponseBytes: config.maxResponseBytes };
  }

  /** Takes one call from `script`'s allowance, or throws ERR_VENDOR_RATE_LIMIT. */
  take(op: string, script: string, nowMs: number): void {
    const cap = this.config.callsPerMinute;
    let b = this.buckets.get(script);
    if (!b) {
      b = { tokens: cap, atMs: nowMs };
      this.buckets.set(script, b);
    }
    b.tokens = Math.min(cap, b.tokens + (Math.max(0, nowMs - b.atMs) * cap) / 60_000);
    b.atMs = nowMs;
    if (b.tokens < 1) {
      throw new VendorError(
        'ERR_VENDOR_RATE_LIMIT',
        `${op}: rate limit of ${cap} vendor calls per minute for this script reached (vendor.callsPerMinute); collect alerts and send them together from a job`,
      );
    }
    b.tokens -= 1;
  }
}

export function vendorGateOf(ctx: Pick<OpContext, 'services' | 'config'>): VendorGate {
  ctx.services.vendorLimits ??= new VendorGate(ctx.config.vendor);
  return ctx.services.vendorLimits;
}

/**
 * Rate limit (unless `counted` is false: later requests of one helper call, e.g. Slack file
 * uploads, ride on the first), then the request; notes truncation in the script's console.
 */
export async function vendorCall(ctx: OpContext, op: string, req: VendorRequest, counted = true): Promise<VendorResponse> {
  const gate = vendorGateOf(ctx);
  parseVendorUrl(op, req.url);
  if (counted) gate.take(op, ctx.script.id, ctx.clock.now());
  const res = await vendorRequest(op, gate.limits, req);
  if (res.truncated) {
    ctx.console.error(`${op}: the response from ${shownUrl(new URL(req.url))} was cut to ${gate.limits.maxResponseBytes} bytes (vendor.maxResponseBytes)`);
  }
  return res;
}

/** Throws ERR_VENDOR_STATUS unless the response is 2xx; the message quotes the start of the body. */
export function expectOk(op: string, what: string, res: VendorResponse): void {
  if (res.status >= 200 && res.status < 300) return;
  const text = res.body.length > 300 ? `${res.body.slice(0, 300)}…` : res.body;
  throw new VendorError('ERR_VENDOR_STATUS', `${op}: ${what} answered HTTP ${res.status}${text ? `: ${text}` : ''}`);
}
