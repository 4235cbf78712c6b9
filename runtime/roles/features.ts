/** The built-in features every node installs, in order (see feature.ts). */
import type { Feature } from './feature.ts';

export function builtinFeatures(): Feature[] {
  return [];
}
