/** The built-in features every node installs, in order (see feature.ts). */
import { identityFeature } from '../../capture/enrich/identity-feature.ts';
import { processIdentityFeature } from '../../capture/live/process-feature.ts';
import { dashboardFeature } from '../../web/server/dashboard-feature.ts';
import { metricsFeature } from '../metrics/metrics-feature.ts';
import { storageFeature } from '../recorder/storage-feature.ts';
import type { Feature } from './feature.ts';

export function builtinFeatures(): Feature[] {
  return [
    identityFeature,
    processIdentityFeature,
    metricsFeature,
    dashboardFeature(),
    storageFeature(),
  ];
}
