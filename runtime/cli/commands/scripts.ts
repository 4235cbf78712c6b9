import { stat } from 'node:fs/promises';
import { ScriptSync } from '../../cluster/scripts-sync.ts';
import { defineCommand, UsageError } from '../command.ts';

export const scripts = defineCommand({
  name: 'scripts',
  summary: 'Push a folder of scripts to a running hub, watching for changes',
  usage: 'sync DIR --hub URL --token T [--once]',
  positionals: true,
  options: {
    hub: { type: 'string', arg: 'URL', description: 'hub address, e.g. http://hub:8899' },
    token: { type: 'string', arg: 'TOKEN', description: "the hub's dashboard token (or WIREHOOK_DASHBOARD_TOKEN)" },
    once: { type: 'boolean', description: 'push once and exit (exit 1 if a script did not load)' },
  },
  async run({ values, positionals, stdout, stderr }) {
    const [sub, dir, ...rest] = positionals;
    if (sub !== 'sync' || !dir || rest.length) throw new UsageError('ERR_USAGE', 'expected: wirehook scripts sync DIR --hub URL --token T', "run 'wirehook scripts --help'");
    const hub = typeof values.hub === 'string' ? values.hub : '';
    const token = typeof values.token === 'string' ? values.token : (process.env.WIREHOOK_DASHBOARD_TOKEN ?? '');
    if (!hub) throw new UsageError('ERR_USAGE', '--hub URL is required', 'e.g. --hub http://127.0.0.1:8899');
    if (!token) throw new UsageError('ERR_USAGE', '--token is required', "the token 'wirehook hub' printed (kept in its data dir as 'token')");
    if (!(await stat(dir).catch(() => null))?.isDirectory()) throw new UsageError('ERR_USAGE', `${dir} is not a folder`, 'give the folder holding the .js scripts');
    const sync = new ScriptSync({ dir, hub, token, log: (l) => stderr.write(l + '\n') });
    try {
      const r = await sync.pushAll();
      stdout.write(`wirehook: sync: ${r.pushed.length} pushed, ${r.failed.length} not applied${r.failed.length ? ` (${r.failed.join(', ')})` : ''}\n`);
      if (values.once === true) return r.failed.length ? 1 : 0;
      sync.watch();
      stdout.write(`wirehook: sync: watching ${dir}; Ctrl-C to stop\n`);
      await new Promise<void>((resolve) => {
        for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => resolve());
      });
      return 0;
    } finally {
      sync.close();
    }
  },
});
