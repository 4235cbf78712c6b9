import { loadOfflineIdentity } from '../../../capture/enrich/offline-identity.ts';
import { compileKfl, KflError, type CompiledFilter } from '../../../capture/kfl/index.ts';
import { formatBytes, summarizeItem } from '../../../capture/item-summary.ts';
import type { Item } from '../../../capture/item.ts';
import { Pipeline, type Enricher } from '../../../capture/pipeline.ts';
import { replayPcapFile } from '../../../capture/replay.ts';
import { PcapFormatError } from '../../../capture/source/pcap-format-error.ts';
import { readPcapStream } from '../../../capture/source/pcap-file.ts';
import { defineCommand, UsageError } from '../command.ts';
import { dissectSummary } from './dissect-summary.ts';

/** Compile a --filter query, turning a KFL error into a usage error with the caret snippet. */
export function compileFilterOption(query: string | undefined): CompiledFilter | null {
  if (query === undefined) return null;
  try {
    return compileKfl(query);
  } catch (e) {
    if (e instanceof KflError) throw new UsageError(e.code, `invalid --filter: ${e.message}\n${e.snippet.replace(/^/gm, '    ')}`, 'see docs/kfl.md for the filter language');
    throw e;
  }
}

function row(item: Item): string {
  const s = summarizeItem(item);
  const time = new Date(item.timestamp).toISOString().slice(11, 23);
  const src = `${item.src.name || item.src.ip}:${item.src.port}`;
  const dst = `${item.dst.name || item.dst.ip}:${item.dst.port}`;
  const size = formatBytes(item.requestSize + item.responseSize);
  return `${time}  ${item.protocol.abbr.padEnd(7)} ${src.padEnd(22)} → ${dst.padEnd(22)} ${s.summary.slice(0, 48).padEnd(48)} ${s.status.padEnd(11)} ${String(item.elapsedTime).padStart(5)}ms ${size.padStart(8)}`;
}

export const dissect = defineCommand({
  name: 'dissect',
  summary: 'Print the items of a capture (NDJSON with --json), then a summary on stderr',
  usage: 'FILE.pcap|- [--json] [--filter KFL] [--identity FILE]',
  positionals: true,
  options: {
    identity: { type: 'string', arg: 'FILE', description: 'Kubernetes identities (YAML/JSON) to name endpoints, e.g. from wirehook generate --identity' },
    json: { type: 'boolean', description: 'print items as NDJSON' },
    filter: { type: 'string', arg: 'KFL', description: 'only items matching this KFL filter' },
    quiet: { type: 'boolean', short: 'q', description: 'print only the summary' },
  },
  async run({ values, positionals, stdout, stderr }) {
    if (positionals.length !== 1) throw new UsageError('ERR_USAGE', 'expected exactly one capture file', "usage: wirehook dissect FILE.pcap [--json] [--filter KFL]");
    const file = positionals[0];
    const filter = compileFilterOption(values.filter as string | undefined);
    const json = values.json === true;
    const quiet = values.quiet === true;
    let shown = 0;
    const out: string[] = [];
    const flush = () => {
      if (out.length) stdout.write(out.join('\n') + '\n');
      out.length = 0;
    };
    const enrichers: Enricher[] = [];
    if (typeof values.identity === 'string') {
      const id = await loadOfflineIdentity(values.identity, { namespaces: [], podRegex: '' });
      enrichers.push((item) => void id.reach(item.timestamp), ...id.enrichers);
    }
    const pipeline = new Pipeline({
      enrichers,
      onItem(item) {
        if (filter && !filter.match(item)) return;
        shown++;
        if (quiet) return;
        out.push(json ? JSON.stringify(item) : row(item));
        if (out.length >= 512) flush();
      },
    });
    if (!json && !quiet) stdout.write(`${'TIME'.padEnd(12)}  ${'PROTO'.padEnd(7)} ${'SOURCE'.padEnd(22)}   ${'DESTINATION'.padEnd(22)} ${'SUMMARY'.padEnd(48)} ${'STATUS'.padEnd(11)} LATENCY     SIZE\n`);
    const started = performance.now();
    let failure: Error | null = null;
    try {
      if (file === '-') {
        try {
          await readPcapStream(process.stdin, (p) => pipeline.push(p));
        } finally {
          pipeline.finish();
        }
      } else await replayPcapFile(file, pipeline);
    } catch (e) {
      failure = e as Error;
    }
    flush();
    const seconds = (performance.now() - started) / 1000;
    stderr.write(dissectSummary(pipeline, { seconds, shown, filtered: filter !== null }));
    if (failure) {
      if (failure instanceof PcapFormatError) {
        stderr.write(`wirehook dissect: ${failure.code}: ${failure.message}\n  hint: the items above come from the valid part of the file\n`);
        return 1;
      }
      const code = (failure as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') throw new UsageError('ERR_INPUT', `cannot read ${file}: ${failure.message}`);
      throw failure;
    }
    return 0;
  },
});
