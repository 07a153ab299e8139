// What `viban workers`, the status bar and the Workers quick pick show: every registered worker
// judged alive or not, the queue's length and failure rate, and the no-worker warning.
import { queuePaths, readQueueText } from '../store/queue/queueFile';
import { QueueFileSchema } from '../protocol/queue';
import { interpretJsonText } from '../store/jsonFile';
import type { StoreProblem } from '../protocol/messages';
import { judgeWorker, queueFigures, type JudgedWorker, type QueueFigures } from './workerHealth';
import { listWorkerRecords, removeWorkerRecord } from '../store/workers/workerRecord';

export interface WorkersOverview {
  workers: JudgedWorker[];
  queue: QueueFigures;
  /** Live workers; 0 means queued runs wait until one starts. */
  live: number;
}

export async function workersOverview(root: string, nowMs = Date.now(), onProblem?: (p: StoreProblem) => void): Promise<WorkersOverview> {
  const workers = (await listWorkerRecords(root, onProblem)).map((r) => judgeWorker(r, nowMs));
  const text = await readQueueText(queuePaths(root)).catch(() => null);
  const read = text === null ? undefined : interpretJsonText(text, QueueFileSchema);
  const queue = read?.kind === 'ok' ? queueFigures(read.value) : { queued: 0, running: 0, failureRate: 0, ended: 0 };
  return { workers, queue, live: workers.filter((w) => w.health === 'live').length };
}

/** Removes the registrations of workers that are gone or silent past their stale limit; returns their ids. */
export async function cleanupWorkers(root: string, nowMs = Date.now()): Promise<string[]> {
  const removed: string[] = [];
  for (const w of (await workersOverview(root, nowMs)).workers) {
    if (w.health === 'live') continue;
    await removeWorkerRecord(root, w.record.id);
    removed.push(w.record.id);
  }
  return removed;
}
