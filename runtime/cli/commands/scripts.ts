import { defineCommand } from '../command.ts';
import { notYet } from './not-yet.ts';

export const scripts = defineCommand({
  name: 'scripts',
  summary: 'Push a folder of scripts to a running hub, watching for changes',
  usage: 'sync DIR --hub URL',
  positionals: true,
  options: {
    hub: { type: 'string', arg: 'URL', description: 'hub address' },
    token: { type: 'string', arg: 'TOKEN', description: 'dashboard token' },
  },
  async run() {
    notYet('scripts', 'script sync lands with issues #7/#8');
  },
});
