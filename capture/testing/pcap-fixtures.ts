/**
 * Test helpers for captures: temporary directories, writing packets to temp pcaps,
 * running the Debian capture tools (tshark, editcap, mergecap) as oracles, and collecting
 * delivered packets as copies (a source's views are only valid during its callback).
 */
import type { RawPacket } from '../source/raw-packet.ts';
import type { PcapRecord } from '../source/pcap-writer.ts';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { encodePcap } from '../source/pcap-writer.ts';

const exec = promisify(execFile);

/** A fresh temp directory and a function that removes it. */
export async function tempDir(prefix = 'wirehook-pcap-'): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), prefix));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** Write `records` as a classic pcap file at `path`. */
export async function writePcap(
  path: string,
  records: readonly PcapRecord[],
  opts: { linkType?: number; nanosecond?: boolean; snaplen?: number } = {},
): Promise<string> {
  await writeFile(path, encodePcap(opts, records));
  return path;
}

/** Run a tool and return its stdout; rejects with stderr in the message on failure. */
export async function runTool(cmd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await exec(cmd, args, { maxBuffer: 256 * 1024 * 1024, encoding: 'utf8' });
    return stdout;
  } catch (err) {
    const e = err as { stderr?: string; message: string };
    throw new Error(`${cmd} ${args.join(' ')} failed: ${e.stderr || e.message}`);
  }
}

/** `tshark -r FILE -T fields -e …` as rows of strings (one row per packet). */
export async function tsharkRows(file: string, fields: string[], extra: string[] = []): Promise<string[][]> {
  const args = ['-r', file, '-n', '-T', 'fields', '-E', 'separator=\t', ...extra];
  for (const f of fields) args.push('-e', f);
  const out = await runTool('tshark', args);
  return out
    .split('\n')
    .filter((l) => l.length > 0)
    .map((l) => l.split('\t'));
}

/** A delivered packet with its bytes copied. */
export type CopiedPacket = RawPacket;

/** A callback that keeps copies of every packet it receives. */
export function collector(): { packets: CopiedPacket[]; onPacket: (p: RawPacket) => void } {
  const packets: CopiedPacket[] = [];
  return { packets, onPacket: (p) => packets.push({ ...p, data: p.data.slice() }) };
}
