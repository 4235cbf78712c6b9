/** The benchmark areas `npm run bench` runs, in order. */
import type { Bench } from './harness.ts';
import { sourceBench } from './source.bench.ts';
import { dissectBench } from './dissect.bench.ts';
import { protocolsABench } from './protocols-a.bench.ts';
import { protocolsBBench } from './protocols-b.bench.ts';
import { kflBench } from './kfl.bench.ts';
import { scriptsBench } from './scripts.bench.ts';

export const benches: Bench[] = [sourceBench, dissectBench, protocolsABench, protocolsBBench, kflBench, scriptsBench];
