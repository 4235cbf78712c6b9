import { defineCommand } from '../command.ts';
import { notYet } from './not-yet.ts';

export const dissect = defineCommand({
  name: 'dissect',
  summary: 'Print the items of a capture (NDJSON with --json), then a summary on stderr',
  usage: 'FILE.pcap [--json] [--filter KFL]',
  positionals: true,
  options: {
    json: { type: 'boolean', description: 'print items as NDJSON' },
    filter: { type: 'string', arg: 'KFL', description: 'only items matching this KFL filter' },
  },
  async run() {
    notYet('dissect', 'in progress');
  },
});
