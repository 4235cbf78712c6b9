/**
 * Runs in a fresh process: dissect a capture through the real pipeline and print one JSON
 * line {items, packets, seconds, maxRssMb}. `seconds` covers reading + dissection only
 * (module loading excluded); maxRssMb is the process's peak resident set.
 */
import { Pipeline } from '../capture/pipeline.ts';
import { replayPcapFile } from '../capture/replay.ts';

const file = process.argv[2];
let items = 0;
const pipeline = new Pipeline({ onItem: () => void items++ });
const t0 = performance.now();
await replayPcapFile(file, pipeline);
const seconds = (performance.now() - t0) / 1000;
process.stdout.write(
  JSON.stringify({ items, packets: pipeline.stats.packets, seconds, maxRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n',
);
