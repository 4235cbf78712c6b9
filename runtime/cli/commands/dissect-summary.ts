/** The end-of-run summary `wirehook dissect` prints on stderr. */
import type { Pipeline } from '../../../capture/pipeline.ts';

function n(x: number): string {
  return x.toLocaleString('en-US');
}

export function dissectSummary(p: Pipeline, o: { seconds: number; shown: number; filtered: boolean }): string {
  const st = p.stats;
  const fl = p.flows.stats;
  const lines = [
    '',
    `packets   ${n(st.packets)} (${(st.bytes / 1e6).toFixed(1)} MB)  not IP ${n(st.notIp)}  decode errors ${n(st.decodeErrors)}`,
    `flows     ${n(fl.flowsCreated)}  retransmissions ${n(fl.retransmissions)}  out of order ${n(fl.outOfOrder)}  resets ${n(fl.resets)}  handshake RTT mean ${fl.handshakeRttMeanMs.toPrecision(3)} ms`,
    `items     ${n(st.items)}${o.filtered ? ` (${n(o.shown)} matched the filter)` : ''} in ${o.seconds.toFixed(2)} s (${n(Math.round(st.items / Math.max(o.seconds, 1e-6)))} items/s)`,
  ];
  const protos = [...st.itemsByProtocol.entries()].sort((a, b) => b[1] - a[1]);
  if (protos.length) lines.push(`protocols ${protos.map(([k, v]) => `${k} ${n(v)}`).join(', ')}`);
  const gaps = p.flows.budget.stats;
  lines.push(`reassembly gaps ${n(gaps.gaps)} (${n(gaps.gapBytes)} bytes)`);
  const weirds = Object.entries(p.weirds.toJSON());
  lines.push(`anomalies ${weirds.length ? weirds.map(([k, v]) => `${k} ${n(v)}`).join(', ') : 'none'}`);
  return lines.join('\n') + '\n';
}
