/**
 * Test helpers: run a query over the fixtures (at the fixture clock) and name what matched.
 */
import { compileKfl, KflError } from '../index.ts';
import { FIXTURE_NOW } from './cluster.ts';
import { fixtureNames, fixtures, type FixtureName } from './items.ts';

export const fixtureClock = (): number => FIXTURE_NOW;

/** Names of the fixture items `query` matches, in declaration order. */
export function matching(query: string): FixtureName[] {
  const f = compileKfl(query, { now: fixtureClock });
  return fixtureNames.filter((n) => f.match(fixtures[n]));
}

/** Whether `query` matches `item` (any JSON value), at the fixture clock. */
export function matches(query: string, item: unknown): boolean {
  return compileKfl(query, { now: fixtureClock }).match(item);
}

/** The KflError `compileKfl(query)` throws; fails loudly if it compiles. */
export function compileError(query: string): KflError {
  try {
    compileKfl(query);
  } catch (e) {
    if (e instanceof KflError) return e;
    throw e;
  }
  throw new Error(`expected ${JSON.stringify(query)} not to compile`);
}
