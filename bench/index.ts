/** The benchmark areas `npm run bench` runs, in order. */
import type { Bench } from './harness.ts';

export const benches: Bench[] = [];
