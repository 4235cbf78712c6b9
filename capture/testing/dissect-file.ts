/** Test helper: run a capture file through the real pipeline and collect its items. */
import type { Item } from '../item.ts';
import { Pipeline, type PipelineOptions } from '../pipeline.ts';
import { replayPcapFile } from '../replay.ts';

export async function dissectFile(path: string, opts: Partial<PipelineOptions> = {}): Promise<{ items: Item[]; pipeline: Pipeline }> {
  const items: Item[] = [];
  const pipeline = new Pipeline({ ...opts, onItem: (i) => items.push(i) });
  await replayPcapFile(path, pipeline);
  return { items, pipeline };
}
