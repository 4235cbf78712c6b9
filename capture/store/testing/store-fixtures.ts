/**
 * Test helpers for the stream store: a mixed source capture (interleaved HTTP/1.1 over TCP
 * plus DNS over UDP, joined with the real `mergecap`), recording a capture through a real
 * Pipeline into a store, and tshark as the oracle for comparing a stream's packets with
 * the same conversation in the source capture.
 */
import path from 'node:path';
import type { Item } from '../../item.ts';
import { Pipeline } from '../../pipeline.ts';
import { readPcapFile } from '../../source/pcap-file.ts';
import { generateDnsCorpus } from '../../synth/dns.ts';
import { generateHttpCorpus } from '../../synth/http-corpus.ts';
import { pcapFileSink } from '../../synth/pcap-sink.ts';
import { runTool, tsharkRows } from '../../testing/pcap-fixtures.ts';
import type { StreamStore } from '../stream-store.ts';

export const MIXED_START = Date.UTC(2026, 0, 1);

/** HTTP (160 connections, 12 at a time) and DNS (24 client sockets) merged in time order. */
export async function writeMixedCapture(dir: string): Promise<string> {
  const http = path.join(dir, 'http.pcap');
  const dns = path.join(dir, 'dns.pcap');
  const out = path.join(dir, 'mixed.pcap');
  let sink = pcapFileSink(http);
  generateHttpCorpus(sink, { connections: 160, seed: 7, startMs: MIXED_START, concurrency: 12 });
  sink.close();
  sink = pcapFileSink(dns);
  generateDnsCorpus(sink, { connections: 24, seed: 3, startMs: MIXED_START + 5, concurrency: 6 });
  sink.close();
  await runTool('mergecap', ['-F', 'pcap', '-w', out, http, dns]);
  return out;
}

/** Replays `file` through a Pipeline whose packets the store records; returns the items. */
export async function recordCapture(file: string, store: StreamStore): Promise<Item[]> {
  const items: Item[] = [];
  const p = new Pipeline({ onItem: (i) => items.push(i), onFlowPacket: store.tap });
  await readPcapFile(file, (raw) => p.push(raw));
  p.finish();
  return items;
}

/** tshark display filter for the conversation of an item. */
export function conversationFilter(item: Item): string {
  const l4 = item.protocol.layer4;
  return `ip.addr==${item.src.ip} && ip.addr==${item.dst.ip} && ${l4}.port==${item.src.port} && ${l4}.port==${item.dst.port}`;
}

/** Per packet: `epoch-time len` as tshark reads them (optionally only those matching `filter`). */
export async function frames(file: string, filter?: string): Promise<string[]> {
  const rows = await tsharkRows(file, ['frame.time_epoch', 'frame.len', 'frame.cap_len'], filter ? ['-Y', filter] : []);
  return rows.map((r) => r.join(' '));
}

/** The TCP payload of the (first) conversation matching `filter`, as tshark's follow,tcp,raw prints it. */
export async function followTcp(file: string, filter: string): Promise<string> {
  const idx = (await tsharkRows(file, ['tcp.stream'], ['-Y', filter]))[0]?.[0];
  if (idx === undefined) throw new Error(`no TCP packet matches ${filter} in ${file}`);
  const out = await runTool('tshark', ['-r', file, '-n', '-q', '-z', `follow,tcp,raw,${idx}`]);
  return out.split('\n').filter((l) => /^\s*[0-9a-f]+$/.test(l)).join('\n');
}
