/**
 * Test helper: tshark as the oracle for HTTP/2, gRPC and WebSocket captures. HTTP/2 is read
 * from `tshark -T json` (frames keep their stream id and decoded header list), grouped per
 * TCP stream and HTTP/2 stream into exchanges; WebSocket frames from `-T fields`.
 */
import { runTool, tsharkRows } from './pcap-fixtures.ts';

export interface TsharkExchange {
  method: string;
  path: string;
  /** Final (non-1xx) :status, 0 when none. */
  status: number;
  /** grpc-status from any header block of the stream ('' when none). */
  grpcStatus: string;
}

type Json = Record<string, any>;

const list = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** `-d tcp.port==P,http2` for each port. */
export function decodeAs(ports: number[], proto: string): string[] {
  return ports.flatMap((p) => ['-d', `tcp.port==${p},${proto}`]);
}

/** Every HTTP/2 stream tshark decoded in `file`, as one exchange each. */
export async function tsharkH2Exchanges(file: string, ports: number[]): Promise<TsharkExchange[]> {
  const out = await runTool('tshark', ['-r', file, '-n', ...decodeAs(ports, 'http2'), '-Y', 'http2', '-T', 'json', '--no-duplicate-keys', '-J', 'tcp http2']);
  const packets = JSON.parse(out || '[]') as Json[];
  const byStream = new Map<string, TsharkExchange>();
  for (const p of packets) {
    const layers = p._source.layers as Json;
    const tcp = list(layers.tcp)[0] as Json;
    for (const h2 of list(layers.http2) as Json[]) {
      for (const st of list(h2['http2.stream']) as Json[]) {
        if (st['http2.type'] !== '1') continue;
        const key = `${tcp['tcp.stream']}/${st['http2.streamid']}`;
        const ex = byStream.get(key) ?? { method: '', path: '', status: 0, grpcStatus: '' };
        byStream.set(key, ex);
        for (const h of list(st['http2.header']) as Json[]) {
          const name = h['http2.header.name'];
          const value = h['http2.header.value'] ?? '';
          if (name === ':method') ex.method = value;
          else if (name === ':path') ex.path = value;
          else if (name === ':status' && !value.startsWith('1')) ex.status = Number(value);
          else if (name === 'grpc-status') ex.grpcStatus = value;
        }
      }
    }
  }
  return [...byStream.values()];
}

/** Lengths of every gRPC message tshark found (both directions). */
export async function tsharkGrpcMessageLengths(file: string, ports: number[]): Promise<number[]> {
  const rows = await tsharkRows(file, ['grpc.message_length'], [...decodeAs(ports, 'http2'), '-Y', 'grpc']);
  return rows.flatMap((r) => r[0].split(',').filter((x) => x !== '').map(Number));
}

export interface TsharkWsFrame {
  opcode: number;
  payloadLength: number;
  fin: boolean;
  masked: boolean;
}

/** Every WebSocket frame tshark decoded, in capture order. */
export async function tsharkWsFrames(file: string, ports: number[]): Promise<TsharkWsFrame[]> {
  const rows = await tsharkRows(file, ['websocket.opcode', 'websocket.payload_length', 'websocket.fin', 'websocket.mask', 'websocket.payload_length_ext_16', 'websocket.payload_length_ext_64'], [...decodeAs(ports, 'http'), '-Y', 'websocket']);
  const out: TsharkWsFrame[] = [];
  for (const r of rows) {
    const ops = r[0].split(',');
    const lens = r[1].split(',');
    const fins = r[2].split(',');
    const masks = r[3].split(',');
    const ext16 = (r[4] ?? '').split(',').filter((x) => x !== '');
    const ext64 = (r[5] ?? '').split(',').filter((x) => x !== '');
    for (let i = 0; i < ops.length; i++) {
      let len = Number(lens[i]);
      if (len === 126) len = Number(ext16.shift());
      else if (len === 127) len = Number(ext64.shift());
      out.push({ opcode: Number(ops[i]), payloadLength: len, fin: fins[i] === '1' || fins[i] === 'True', masked: masks[i] === '1' || masks[i] === 'True' });
    }
  }
  return out;
}
