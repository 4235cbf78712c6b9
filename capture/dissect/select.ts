/**
 * Dissector selection for a new flow (descriptor.ts lifecycle step 1): every selectable
 * dissector of the flow's transport scores the first bytes of each direction; the best
 * score > 0 wins; ties go to a server-port match, then a client-port match, then the
 * registry order (priority). A `detect()` that throws is a bug: it scores 0 and is
 * counted as `dissect_detect_exception`. Candidates after one that is certain (score 1)
 * and owns the server port are not asked: none of them could win.
 */
import type { Direction, FlowInfo } from '../flow/flow.ts';
import type { DissectorDescriptor } from './descriptor.ts';
import type { DissectorRegistry } from './registry.ts';

/** A detect score at or above this ends selection at once. */
export const CONFIDENT = 1;

export interface Choice {
  desc: DissectorDescriptor | undefined;
  score: number;
}

/** Where `chooseDissector` counts a throwing `detect()` (the flow session). */
export interface WeirdSink {
  weird(name: string): void;
}

function portRank(d: DissectorDescriptor, flow: FlowInfo): number {
  const ports = d.ports;
  if (ports.includes(flow.server.port)) return 2;
  if (ports.includes(flow.client.port)) return 1;
  return 0;
}

/**
 * Score `samples[dir]` (the first bytes seen in each direction, or null when none yet)
 * against every candidate. Returns the best candidate, or `desc: undefined` when all
 * scored 0.
 */
export function chooseDissector(
  registry: DissectorRegistry,
  flow: FlowInfo,
  samples: readonly [Uint8Array | null, Uint8Array | null],
  sink: WeirdSink,
): Choice {
  if (flow.transport === 'icmp') return { desc: undefined, score: 0 };
  const cands = registry.heuristics(flow.transport);
  let best: DissectorDescriptor | undefined;
  let bestScore = 0;
  let bestRank = -1;
  for (let i = 0; i < cands.length; i++) {
    const d = cands[i];
    let score = 0;
    for (let dir = 0; dir < 2; dir++) {
      const s = samples[dir];
      if (!s || s.length === 0) continue;
      let v = 0;
      try {
        v = d.detect(s, dir as Direction, flow);
      } catch {
        sink.weird('dissect_detect_exception');
      }
      if (typeof v === 'number' && v > score) score = v > 1 ? 1 : v;
    }
    if (score <= 0) continue;
    const rank = portRank(d, flow);
    if (score > bestScore || (score === bestScore && rank > bestRank)) {
      best = d;
      bestScore = score;
      bestRank = rank;
      // Certain and on the server port: no later candidate can beat it.
      if (score >= CONFIDENT && rank === 2) break;
    }
  }
  return { desc: best, score: bestScore };
}
