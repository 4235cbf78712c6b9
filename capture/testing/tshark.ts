/**
 * Test helper: tshark as the oracle. `tsharkFields` runs
 * `tshark -r FILE -Y FILTER -T fields -e f1 -e f2 …` and returns one object per line.
 * `decodeAs` maps non-standard ports to a dissector (`tcp.port==18080,http`).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function tsharkFields(
  file: string,
  fields: string[],
  opts: { filter?: string; decodeAs?: string[]; prefs?: string[] } = {},
): Promise<Record<string, string>[]> {
  const args = ['-r', file, '-n', '-T', 'fields', '-E', 'separator=\t', '-E', 'occurrence=a', '-E', 'aggregator=,'];
  for (const d of opts.decodeAs ?? []) args.push('-d', d);
  for (const p of opts.prefs ?? []) args.push('-o', p);
  if (opts.filter) args.push('-Y', opts.filter);
  for (const f of fields) args.push('-e', f);
  const { stdout } = await run('tshark', args, { maxBuffer: 256 * 1024 * 1024 });
  return stdout
    .split('\n')
    .filter((l) => l.length > 0)
    .map((line) => {
      const cols = line.split('\t');
      return Object.fromEntries(fields.map((f, i) => [f, cols[i] ?? '']));
    });
}
