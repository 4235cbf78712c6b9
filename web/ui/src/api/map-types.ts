/**
 * The service maps of the dashboard API (`/api/maps/l4`, `/api/maps/l7`): the server's own
 * types (runtime/hub/maps), so the contract has one definition. Types only.
 */
export type { MapGroup as MapGrouping, MapNode } from '../../../../runtime/hub/maps/map-node.ts';
export type { L4Edge, L7Edge, L4Graph as L4Map, L7Graph as L7Map } from '../../../../runtime/hub/maps/graph.ts';
