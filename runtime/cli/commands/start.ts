import { defineCommand } from '../command.ts';
import { notYet } from './not-yet.ts';

export const start = defineCommand({
  name: 'start',
  summary: 'Hub + one worker in one process (dashboard, API, /metrics); no source option = demo',
  usage: '[--demo | --pcap FILE | --interface IF] [--filter BPF] [--scripts DIR] [--port N] [--data DIR]',
  options: {
    demo: { type: 'boolean', description: 'run the built-in demo cluster traffic' },
    pcap: { type: 'string', arg: 'FILE', description: 'replay a capture file' },
    interface: { type: 'string', multiple: true, arg: 'IF', description: 'capture live on an interface' },
    filter: { type: 'string', arg: 'BPF', description: 'capture filter' },
    scripts: { type: 'string', arg: 'DIR', description: 'folder of scripts' },
    port: { type: 'string', arg: 'N', description: 'dashboard/API/metrics port', default: '8899' },
    data: { type: 'string', arg: 'DIR', description: 'data directory', default: '.wirehook' },
    config: { type: 'string', arg: 'FILE', description: 'wirehook.yaml' },
  },
  async run() {
    notYet('start', 'in progress');
  },
});
