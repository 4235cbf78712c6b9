/**
 * Synthetic ICMP: health-check style pings (1–5 echo request/reply pairs of 56 data bytes,
 * ~5% unanswered) between pods and nodes, and now and then a Destination Unreachable (port
 * unreachable for a UDP datagram, the original header embedded) — what `ping` and a closed
 * UDP port look like on the wire. `icmpConversation` is one pinging host pair;
 * `generateIcmpCorpus` interleaves many. Deterministic per seed.
 */
import { icmpFrame } from './datagram.ts';
import { ipv4ToInt, writeUdpFrame } from './frame.ts';
import { clientOf, generateCorpus, type CorpusOptions, type CorpusSummary } from './corpus.ts';
import { type Conversation } from './interleave.ts';
import type { FrameSink } from './tcp-conversation.ts';

const PING_DATA = Uint8Array.from({ length: 56 }, (_, i) => i);

/** The IPv4 + UDP header (+ 8 bytes) of a datagram, as embedded in an ICMP error. */
function embeddedUdp(src: string, dst: string, sport: number, dport: number): Uint8Array {
  const f = new Uint8Array(14 + 28 + 8);
  writeUdpFrame(f, { srcIp: ipv4ToInt(src), dstIp: ipv4ToInt(dst), srcPort: sport, dstPort: dport, payload: new Uint8Array(8), ipId: 7 });
  return f.subarray(14);
}

export function* icmpConversation(sink: FrameSink, a: string, b: string, rand: () => number, t0: number, count: (n: number) => void): Conversation {
  let t = t0;
  const id = Math.floor(rand() * 65536);
  let ipId = 1;
  if (rand() < 0.1) {
    sink.frame(t, icmpFrame({ srcIp: b, dstIp: a, type: 3, code: 3, rest: 0, payload: embeddedUdp(a, b, 40000 + Math.floor(rand() * 20000), 9999), ipId: ipId++ }));
    count(1);
    return;
  }
  const n = 1 + Math.floor(rand() * 5);
  for (let seq = 1; seq <= n; seq++) {
    sink.frame(t, icmpFrame({ srcIp: a, dstIp: b, type: 8, code: 0, rest: (id << 16) | seq, payload: PING_DATA, ipId: ipId++ }));
    const rtt = 0.05 + rand() * 0.5;
    if (rand() >= 0.05) {
      yield (t += rtt);
      sink.frame(t, icmpFrame({ srcIp: b, dstIp: a, type: 0, code: 0, rest: (id << 16) | seq, payload: PING_DATA, ipId: ipId++ }));
    }
    yield (t += 1000 - rtt);
  }
  count(n);
}

export function generateIcmpCorpus(out: FrameSink, o: CorpusOptions): CorpusSummary {
  return generateCorpus(out, o, (sink, i, rand, t, count) => icmpConversation(sink, clientOf(i).ip, `10.6.0.${1 + (i % 8)}`, rand, t, count));
}
