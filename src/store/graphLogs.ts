// Logs of `viban run-all --detach` (.viban/graph/run-<time>.log): the background process writes
// its human output there, so `tail -f` shows how the graph is going.
import { mkdirSync, openSync } from 'node:fs';
import { storeLayout } from './layout';

/** Creates the log for a run started at `startedAt` and opens it for appending (the caller closes `fd`). */
export function openGraphLog(root: string, startedAt: Date): { file: string; fd: number } {
  const store = storeLayout(root);
  mkdirSync(store.graphLogsDir, { recursive: true });
  const file = store.graphLog(startedAt.toISOString().replace(/[:.]/g, '-'));
  return { file, fd: openSync(file, 'a') };
}
