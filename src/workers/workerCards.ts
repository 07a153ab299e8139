// The live status of runs in other processes, for a window's board: each worker publishes what
// its agents are doing in its registration (.viban/workers/<id>.json `cards`, see workerRecord),
// and this follows the folder (fs.watch, a slow poll behind it) and reports each task whose status
// moved — the same news a window's own runs give its board as `cardStatus` pushes — and how many
// workers are alive (the board's "No worker is running" banner).
import type { CardStatus } from '../sessions/taskStatus';
import { judgeWorker } from './workerHealth';
import { listWorkerRecords, type WorkerCard } from '../store/workers/workerRecord';
import { watchWorkerSignals, type WorkerSignalOptions } from '../store/workers/workerSignals';
import { oneReadAtATime } from '../store/storeWatcher';

export interface WorkerCardsOptions extends WorkerSignalOptions {
  /** Live workers, at the first read and whenever the number changes (a death shows at the next poll). */
  onLive?: (live: number) => void;
}

export type WorkerCardListener = (taskId: string, status: CardStatus) => void;

/**
 * Calls `onStatus` for every change of a task's status in any worker's registration. At the first
 * read only the tasks of runs still going are reported (an ended run's last word is old news then).
 * Returns a disposer.
 */
export function watchWorkerCards(root: string, onStatus: WorkerCardListener, opts: WorkerCardsOptions = {}): () => void {
  const seen = new Map<string, string>();
  let first = true;
  let lastLive: number | undefined;
  let disposed = false;

  const read = async (): Promise<void> => {
    const records = await listWorkerRecords(root).catch(() => []);
    if (disposed) return;
    const running = new Set(records.flatMap((r) => r.running.map((run) => run.taskId)));
    for (const card of newestPerTask(records.flatMap((r) => r.cards ?? []))) {
      const key = `${card.at}\u0000${card.agentStatus}\u0000${card.agentStatusMessage ?? ''}`;
      if (seen.get(card.taskId) === key) continue;
      seen.set(card.taskId, key);
      if (first && !running.has(card.taskId)) continue;
      onStatus(card.taskId, { agentStatus: card.agentStatus, ...(card.agentStatusMessage !== undefined && { agentStatusMessage: card.agentStatusMessage }) });
    }
    first = false;
    const live = records.filter((r) => judgeWorker(r, Date.now()).health === 'live').length;
    if (live !== lastLive) {
      lastLive = live;
      opts.onLive?.(live);
    }
  };

  // One read at a time; a signal during a read makes one more read after it.
  const look = oneReadAtATime(read, () => disposed);

  look();
  const stop = watchWorkerSignals(root, look, opts);
  return () => {
    disposed = true;
    stop();
  };
}

/** Two workers may both have run a task (a rescue, a retry): the most recent word wins. */
function newestPerTask(cards: WorkerCard[]): WorkerCard[] {
  const byTask = new Map<string, WorkerCard>();
  for (const c of cards) {
    const prev = byTask.get(c.taskId);
    if (!prev || Date.parse(c.at) >= Date.parse(prev.at)) byTask.set(c.taskId, c);
  }
  return [...byTask.values()];
}
