/** The benchmark areas `npm run bench` runs, in order. */
import type { Bench } from './harness.ts';
import { sourceBench } from './source.bench.ts';
import { dissectBench } from './dissect.bench.ts';
import { protocolsABench } from './protocols-a.bench.ts';
import { protocolsBBench } from './protocols-b.bench.ts';
import { kflBench } from './kfl.bench.ts';
import { scriptsBench } from './scripts.bench.ts';
import { metricsBench } from './metrics.bench.ts';
import { recorderBench } from './recorder.bench.ts';
import { liveBench } from './live.bench.ts';
import { hubBench } from './hub.bench.ts';
import { uiBench } from './ui.bench.ts';

export const benches: Bench[] = [
  sourceBench,
  dissectBench,
  protocolsABench,
  protocolsBBench,
  kflBench,
  scriptsBench,
  metricsBench,
  recorderBench,
  liveBench,
  hubBench,
  uiBench,
];
