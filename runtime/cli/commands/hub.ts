import { defineCommand } from '../command.ts';
import { notYet } from './not-yet.ts';

export const hub = defineCommand({
  name: 'hub',
  summary: 'Run the hub (cluster role): item store, maps, dashboard, hub-side scripts',
  usage: '[--port N]',
  options: {
    port: { type: 'string', arg: 'N', description: 'API/dashboard port', default: '8899' },
    config: { type: 'string', arg: 'FILE', description: 'wirehook.yaml' },
  },
  async run() {
    notYet('hub', 'the hub/worker split lands with issue #7');
  },
});
