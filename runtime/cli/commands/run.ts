import { defineCommand } from '../command.ts';
import { notYet } from './not-yet.ts';

export const run = defineCommand({
  name: 'run',
  summary: 'Run scripts offline over a capture on packet time; console to stdout',
  usage: 'SCRIPT.js... --pcap FILE [--env K=V] [--filter KFL] [--expect GOLDEN]',
  positionals: true,
  options: {
    pcap: { type: 'string', arg: 'FILE', description: 'capture to replay' },
    env: { type: 'string', multiple: true, arg: 'K=V', description: 'script env value' },
    filter: { type: 'string', arg: 'KFL', description: 'only items matching this KFL filter' },
    expect: { type: 'string', arg: 'GOLDEN', description: 'compare console output with this file' },
  },
  async run() {
    notYet('run', 'the script runtime lands with issue #3');
  },
});
