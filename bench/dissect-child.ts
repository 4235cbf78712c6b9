/**
 * Runs in a fresh process: dissect a capture through the real pipeline and print one JSON
 * line {items, packets, seconds, cpuSeconds, maxRssMb}. `seconds` covers reading +
 * dissection only (module loading excluded); `cpuSeconds` is the CPU time of all the
 * process's threads (JIT compiler and GC helpers included) over the same span, which a
 * busy machine inflates less than wall time; maxRssMb is the process's peak resident set.
 */
import { Pipeline } from '../capture/pipeline.ts';
import { replayPcapFile } from '../capture/replay.ts';

const file = process.argv[2];
let items = 0;
const pipeline = new Pipeline({ onItem: () => void items++ });
const c0 = process.cpuUsage();
const t0 = performance.now();
await replayPcapFile(file, pipeline);
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(c0);
const cpuSeconds = (cpu.user + cpu.system) / 1e6;
process.stdout.write(
  JSON.stringify({ items, packets: pipeline.stats.packets, seconds, cpuSeconds, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n',
);
