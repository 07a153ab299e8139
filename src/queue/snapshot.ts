// The queue as the board and the status bar show it: jobs in a useful order, each queued job
// with its place in line ("queued #2"), and counts for the status bar.
import type { QueueFile, QueueJob, QueueJobView, QueueSnapshot } from '../protocol/queue';
import { queuedInStartOrder } from './scheduler';

export function buildSnapshot(state: QueueFile, concurrency: number, ownToken: string): QueueSnapshot {
  const queued = queuedInStartOrder(state.jobs);
  const running = state.jobs.filter((j) => j.status === 'running').sort((a, b) => (a.startedAt ?? '').localeCompare(b.startedAt ?? '') || a.seq - b.seq);
  const ended = state.jobs
    .filter((j) => j.status !== 'queued' && j.status !== 'running')
    .sort((a, b) => (b.endedAt ?? b.createdAt).localeCompare(a.endedAt ?? a.createdAt) || b.seq - a.seq);
  const view = (j: QueueJob, position?: number): QueueJobView => {
    const { payload: _payload, ownerToken, fairTag: _fairTag, ...rest } = j;
    return { ...rest, ...(position !== undefined && { position }), ownedHere: j.status === 'running' && ownerToken === ownToken };
  };
  return {
    jobs: [...running.map((j) => view(j)), ...queued.map((j, i) => view(j, i + 1)), ...ended.map((j) => view(j))],
    counts: {
      queued: queued.length,
      running: running.length,
      failed: state.jobs.filter((j) => j.status === 'failed').length,
      interrupted: state.jobs.filter((j) => j.status === 'interrupted').length,
    },
    concurrency,
  };
}

/** 1-based place of a queued job in start order; undefined when it is not queued. */
export function positionIn(state: QueueFile, jobId: string): number | undefined {
  const i = queuedInStartOrder(state.jobs).findIndex((j) => j.id === jobId);
  return i < 0 ? undefined : i + 1;
}
