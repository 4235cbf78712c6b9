import { defineCommand } from '../command.ts';
import { notYet } from './not-yet.ts';

export const generate = defineCommand({
  name: 'generate',
  summary: 'Write a demo-cluster pcap',
  usage: '--out FILE [--seed N] [--connections N]',
  options: {
    out: { type: 'string', arg: 'FILE', description: 'pcap file to write' },
    seed: { type: 'string', arg: 'N', description: 'random seed', default: '1' },
    connections: { type: 'string', arg: 'N', description: 'number of connections', default: '1000' },
  },
  async run() {
    notYet('generate', 'the demo traffic generator lands with issue #9');
  },
});
