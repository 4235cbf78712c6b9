/**
 * A configurable line-based dissector for session tests: every "\n"-terminated line in
 * direction 0 is a request, in direction 1 a response. `detect` scores bytes starting
 * with `magic`. Special lines drive the session: "VIOLATE", "THROW", "HANDOFF <id>".
 */
import type { DissectorDescriptor, FlowParser, Pairing, ParserContext } from '../descriptor.ts';
import { defineDissector } from '../descriptor.ts';
import type { ProtocolInfo } from '../../item.ts';

export function protocolInfo(name: string, layer4: 'tcp' | 'udp' = 'tcp', priority = 5): ProtocolInfo {
  return {
    name, version: '1', abbr: name.toUpperCase(), longName: `${name} protocol`, macro: name,
    backgroundColor: '#000000', foregroundColor: '#ffffff', fontSize: 12,
    referenceLink: 'https://example.invalid/', ports: [], layer4, priority,
  };
}

export interface FakeOptions {
  id: string;
  magic?: string;
  ports?: number[];
  transport?: 'tcp' | 'udp';
  priority?: number;
  pairing?: Pairing;
  /** Score when the sample starts with `magic` (default 1). */
  score?: number;
  handoffOnly?: boolean;
  pairTimeoutMs?: number;
  /** Records every call the parser gets, for assertions. */
  log?: string[];
}

export function fakeDissector(o: FakeOptions): DissectorDescriptor {
  const magic = o.magic ? Buffer.from(o.magic, 'latin1') : null;
  return defineDissector({
    id: o.id,
    protocol: protocolInfo(o.id, o.transport ?? 'tcp', o.priority ?? 5),
    transport: o.transport ?? 'tcp',
    ports: o.ports ?? [],
    pairing: o.pairing ?? 'fifo',
    handoffOnly: o.handoffOnly,
    pairTimeoutMs: o.pairTimeoutMs,
    detect(bytes) {
      if (!magic) return 0;
      const n = Math.min(bytes.length, magic.length);
      for (let i = 0; i < n; i++) if (bytes[i] !== magic[i]) return 0;
      return bytes.length >= magic.length ? (o.score ?? 1) : 0.2;
    },
    createParser: (ctx) => new LineParser(ctx, o.log ?? []),
  });
}

class LineParser implements FlowParser {
  private readonly partial: [string, string] = ['', ''];
  constructor(private readonly ctx: ParserContext, private readonly log: string[]) {}

  data(dir: 0 | 1, bytes: Uint8Array, tsMs: number): void {
    this.log.push(`data ${dir} ${Buffer.from(bytes).toString('latin1')}`);
    let text = this.partial[dir] + Buffer.from(bytes).toString('latin1');
    let nl: number;
    while ((nl = text.indexOf('\n')) >= 0) {
      const line = text.slice(0, nl);
      text = text.slice(nl + 1);
      if (line === 'VIOLATE') return this.ctx.violate('told to');
      if (line === 'THROW') throw new Error('parser bug');
      if (line.startsWith('HANDOFF ')) {
        return this.ctx.handoff(line.slice(8), [{ dir, bytes: Buffer.from(text, 'latin1'), tsMs }]);
      }
      const [key, body] = line.includes('=') ? line.split('=') : [undefined, line];
      this.ctx.message({ kind: dir === 0 ? 'request' : 'response', key, tsMs, size: line.length + 1, fields: { line: body } });
    }
    this.partial[dir] = text;
  }

  gap(dir: 0 | 1, length: number): void {
    this.log.push(`gap ${dir} ${length}`);
  }

  end(): void {
    this.log.push('end');
  }
}
