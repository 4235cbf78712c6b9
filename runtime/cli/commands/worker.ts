import { defineCommand } from '../command.ts';
import { notYet } from './not-yet.ts';

export const worker = defineCommand({
  name: 'worker',
  summary: 'Run a worker (cluster role): capture, dissect, scripts; streams to the hub',
  usage: '--hub URL [--interface IF]',
  options: {
    hub: { type: 'string', arg: 'URL', description: 'hub address, e.g. ws://hub:8899' },
    interface: { type: 'string', multiple: true, arg: 'IF', description: 'interface to capture on' },
    config: { type: 'string', arg: 'FILE', description: 'wirehook.yaml' },
  },
  async run() {
    notYet('worker', 'the hub/worker split lands with issue #7');
  },
});
