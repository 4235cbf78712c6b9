/**
 * What the dashboard routes and the WebSocket share: the node, its item store and service
 * maps, and the stats snapshot. Built once by the dashboard feature (dashboard-feature.ts).
 */
import type { ItemStore } from '../../../runtime/hub/item-store.ts';
import type { ServiceMaps } from '../../../runtime/hub/maps/service-maps.ts';
import type { NodeStats } from '../../../runtime/hub/node-stats.ts';
import type { WirehookNode } from '../../../runtime/roles/node.ts';

export interface DashboardContext {
  node: WirehookNode;
  store: ItemStore;
  maps: ServiceMaps;
  stats(): NodeStats;
}
