/**
 * A real node (metrics feature only) that has replayed two synthesized captures — an HTTP
 * corpus, and a small one with one request that never gets a response plus one malformed
 * IPv4 packet — with a script setting its own metrics. Returns what the captures hold, as
 * counted independently of the metrics (the synthesizer's packet count, the items seen on
 * the bus), so tests can compare /metrics against it.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Item } from '../../../capture/item.ts';
import { generateHttpCorpus } from '../../../capture/synth/http-corpus.ts';
import { pcapFileSink } from '../../../capture/synth/pcap-sink.ts';
import { TcpConversation } from '../../../capture/synth/tcp-conversation.ts';
import { defaultConfig } from '../../config.ts';
import { WirehookNode } from '../../roles/node.ts';
import { pcapFileSource } from '../../roles/packet-source.ts';
import { tempDir } from '../../testing/capture.ts';
import { metricsFeature } from '../metrics-feature.ts';

export const STATUS_SCRIPT = `// HTTP status metrics
function onItemCaptured(data) {
  if (data.protocol.name !== "http" || !data.response) return;
  prometheus.vector("script_http_responses_total", "HTTP responses seen, by status.", 1, 1, { s_status: String(data.response.status) });
  prometheus.histogram("script_http_elapsed_seconds", "Request to response time.", data.elapsedTime / 1000, {}, [0.001, 0.01, 0.1, 1]);
}
`;

export interface MetricsNode {
  node: WirehookNode;
  httpPcap: string;
  oddPcap: string;
  /** Packets in each capture. */
  packets: { http: number; odd: number };
  connections: number;
  /** Items seen on the bus, by protocol abbreviation; HTTP responses by status. */
  items: Map<string, number>;
  statuses: Map<string, number>;
  stop(): Promise<void>;
}

const START = Date.UTC(2025, 0, 1);

function writeOddCapture(file: string): number {
  const sink = pcapFileSink(file);
  const c = new TcpConversation(sink, { client: { ip: '10.9.0.1', port: 45000 }, server: { ip: '10.9.0.2', port: 80 } });
  let t = c.open(START);
  t = c.send(0, new TextEncoder().encode('GET /never-answered HTTP/1.1\r\nHost: x\r\n\r\n'), t + 1);
  c.close(t + 5, 0);
  const bad = new Uint8Array(34);
  bad.set([0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4, 6, 0x08, 0x00, 0x42]);
  sink.frame(t + 10, bad);
  sink.close();
  return sink.packets;
}

export async function metricsNode(o: { connections?: number; script?: string } = {}): Promise<MetricsNode> {
  const tmp = await tempDir();
  const connections = o.connections ?? 40;
  const httpPcap = path.join(tmp.dir, 'http.pcap');
  const oddPcap = path.join(tmp.dir, 'odd.pcap');
  const sink = pcapFileSink(httpPcap);
  generateHttpCorpus(sink, { connections, seed: 3, startMs: START, concurrency: 8 });
  sink.close();
  const odd = writeOddCapture(oddPcap);
  const config = defaultConfig();
  config.dataDir = path.join(tmp.dir, 'data');
  config.scripting.source = path.join(tmp.dir, 'scripts');
  config.dashboard.port = 0;
  config.scripting.limits.timeoutMs = 2000;
  await mkdir(config.scripting.source, { recursive: true });
  await writeFile(path.join(config.scripting.source, 'status.js'), o.script ?? STATUS_SCRIPT);
  const node = await WirehookNode.create({ role: 'single', config, features: [metricsFeature], log: () => undefined });
  const items = new Map<string, number>();
  const statuses = new Map<string, number>();
  node.items.subscribe((item: Item) => {
    items.set(item.protocol.abbr, (items.get(item.protocol.abbr) ?? 0) + 1);
    const status = (item.response as { status?: number } | null)?.status;
    if (item.protocol.name === 'http' && status !== undefined) statuses.set(String(status), (statuses.get(String(status)) ?? 0) + 1);
  });
  await node.start({ listen: true });
  await node.runSource(pcapFileSource(httpPcap)).done;
  await node.runSource(pcapFileSource(oddPcap)).done;
  await node.runtime.dispatcher.idle();
  return {
    node,
    httpPcap,
    oddPcap,
    packets: { http: sink.packets, odd },
    connections,
    items,
    statuses,
    async stop() {
      await node.stop();
      await tmp.cleanup();
    },
  };
}

/** Samples of an exposition text: series as printed (`name{labels}`) → value. */
export function samples(text: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const i = line.lastIndexOf(' ');
    out.set(line.slice(0, i), Number(line.slice(i + 1)));
  }
  return out;
}
