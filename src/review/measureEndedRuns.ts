// A card shows what its task's work changed (files, +/-), measured when a run ends. The run may
// have ended in this process, in a background worker, or in a `viban` command — and maybe while no
// window was open. So the measure follows the board, not this process's sessions: whenever a task's
// last run is seen ended (board.json says so, whoever wrote it) and it was not measured for that
// run, its changes are measured; at open, every finished, unaccepted run is measured once.
import type { BoardService } from '../board/boardService';
import type { Task } from '../protocol/model';
import type { TaskReview } from './taskReview';

/** Agent statuses of a task whose last run is over (idle: stopped or interrupted). */
const ENDED: ReadonlySet<Task['agentStatus']> = new Set(['done', 'error', 'idle']);

/**
 * Measures each task's changes once per ended run (its session id and final status), one git
 * measure at a time. Returns a disposer.
 */
export function measureEndedRuns(board: Pick<BoardService, 'current' | 'onDidChange'>, review: Pick<TaskReview, 'review'>): () => void {
  const measured = new Map<string, string>();
  let chain: Promise<unknown> = Promise.resolve();
  let disposed = false;

  const look = (tasks: readonly Task[]) => {
    for (const task of tasks) {
      // Running again (a follow-up may reuse the session): its next end is news.
      if (!ENDED.has(task.agentStatus)) measured.delete(task.id);
      if (!task.lastSessionId || task.accepted || !ENDED.has(task.agentStatus)) continue;
      const key = `${task.lastSessionId}\u0000${task.agentStatus}`;
      if (measured.get(task.id) === key) continue;
      measured.set(task.id, key);
      // One after another: a board of finished cards must not start a git process per card at once.
      chain = chain.then(() => (disposed ? undefined : review.review(task.id).catch(() => undefined)));
    }
  };

  look(board.current.board.tasks);
  const stop = board.onDidChange((state) => look(state.board.tasks));
  return () => {
    disposed = true;
    stop();
  };
}
