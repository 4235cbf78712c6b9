/**
 * Prints every script console line of a runtime as `[<script id>] <text>` (errors as
 * `[<script id>] ERROR <text>`), one line each, e.g. to stdout so `kubectl logs` shows what
 * scripts print (`hub.printConsole` / `--console`). On the hub this includes the lines
 * workers forward ("[worker-a] …" prefixed).
 */
import type { ScriptRuntime } from '../script-runtime.ts';

export function printConsoles(runtime: ScriptRuntime, write: (text: string) => void): () => void {
  const unsubs: (() => void)[] = [];
  const unwatch = runtime.watchConsoles((id, c) => {
    unsubs.push(
      c.subscribe((e) => {
        if (e.type === 'line') write(`[${id}] ${e.line.level === 'error' ? 'ERROR ' : ''}${e.line.text}\n`);
      }),
    );
  });
  return () => {
    unwatch();
    for (const u of unsubs) u();
  };
}
