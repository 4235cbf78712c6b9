/**
 * Pipeline fuzz: packets of a synthesized HTTP/DNS capture, randomly mutated (bit flips,
 * truncation, byte runs, duplication, reordering, wrong link type), pushed through decode
 * → flows → reassembly → dissectors. Nothing may throw out of `push`/`finish`, and the
 * run must end (bounded work per packet).
 */
import test from 'ava';
import { Pipeline } from './pipeline.ts';
import { generateHttpCorpus } from './synth/http-corpus.ts';
import { prng } from './synth/interleave.ts';
import { dnsMessage } from './dissect/testing/dns-builder.ts';
import { ipv4ToInt, udpFrameLength, writeUdpFrame } from './synth/frame.ts';
import type { RawPacket } from './source/raw-packet.ts';
import { mutateFrame } from './testing/mutate.ts';

interface Frame {
  t: number;
  data: Uint8Array;
}

function corpus(): Frame[] {
  const frames: Frame[] = [];
  generateHttpCorpus({ frame: (t, d) => frames.push({ t, data: d.slice() }) }, { connections: 60, seed: 7 });
  for (let i = 0; i < 40; i++) {
    const msg = dnsMessage({ id: i, response: i % 2 === 1, questions: [{ name: `n${i}.example.test`, type: 1 }] });
    const f = { srcIp: ipv4ToInt('10.0.0.9'), dstIp: ipv4ToInt('10.0.0.53'), srcPort: 40000 + (i >> 1), dstPort: 53, payload: msg, ipId: i };
    if (i % 2) [f.srcIp, f.dstIp, f.srcPort, f.dstPort] = [f.dstIp, f.srcIp, f.dstPort, f.srcPort];
    const out = new Uint8Array(udpFrameLength(f));
    writeUdpFrame(out, f);
    frames.push({ t: frames[frames.length - 1].t + i, data: out });
  }
  return frames;
}

test('20k mutated packets through the whole pipeline: no exception escapes, the run ends', (t) => {
  const frames = corpus();
  const rand = prng(99);
  let items = 0;
  const p = new Pipeline({ onItem: () => void items++ });
  let pushed = 0;
  while (pushed < 20_000) {
    for (let i = 0; i < frames.length && pushed < 20_000; i++) {
      let f = frames[i];
      const r = rand();
      if (r < 0.05 && i + 1 < frames.length) f = frames[i + 1]; // reorder / duplicate
      const data = r < 0.5 ? mutateFrame(rand, f.data) : f.data;
      const sec = Math.floor(f.t / 1000);
      const raw: RawPacket = {
        linkType: rand() < 0.02 ? Math.floor(rand() * 300) : 1,
        tsSec: sec,
        tsNsec: Math.floor((f.t - sec * 1000) * 1e6),
        origLen: data.length + (rand() < 0.05 ? 100 : 0),
        data,
        interfaceId: 0,
      };
      t.notThrows(() => p.push(raw));
      pushed++;
    }
  }
  t.notThrows(() => p.finish());
  t.is(p.stats.packets, 20_000);
  t.true(items > 0, 'unmutated exchanges still become items');
  t.true(p.weirds.total > 0, 'mutations are counted as anomalies');
});
