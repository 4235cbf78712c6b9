/**
 * Feature 'process-identity': on nodes that capture live (`capture.interfaces`), items get
 * `processId` / `processName` on their local endpoints (process-identity.ts). Replays and
 * the demo carry addresses of other hosts, so it stays off there.
 */
import { defineFeature } from '../../runtime/roles/feature.ts';
import { ProcessIdentity } from './process-identity.ts';

export const processIdentityFeature = defineFeature({
  name: 'process-identity',
  install(node) {
    if (node.config.capture.interfaces.length === 0) return;
    node.enrichers.push(new ProcessIdentity().enrich);
  },
});
