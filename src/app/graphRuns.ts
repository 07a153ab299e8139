// A task graph wired to one folder's real parts: the durable queue runs the tasks, the board
// holds links and holds, the tier settings pick executor and model, the checks verify each run,
// and the hand-off gives a dependant its prerequisites' work. Used by `viban run-all` and by the
// board's Run all.
import type { PermissionMode } from '../executors/types';
import { GraphRunner, pickRunFor, type DoneWhen, type GraphEvent, type GraphRunHooks, type Tiers, type VerifyResult } from '../graph';
import type { Task } from '../protocol/model';
import type { QueueJob } from '../protocol/queue';
import type { RunQueue } from '../queue/runQueue';
import type { FolderRuntime } from './folderRuntime';

export interface GraphRunSetup {
  runtime: FolderRuntime;
  queue: RunQueue;
  tiers: () => Tiers | undefined;
  defaultExecutorId: () => string;
  /** Chosen by the person for this run: wins over the tiers. */
  explicit?: { executorId?: string; model?: string };
  permissionMode: PermissionMode;
  doneWhen?: DoneWhen;
  acceptedColumn?: string;
  concurrency: () => number;
  /** Prepares where the task works and what it is told (hand-off); default: in the folder itself, the task's own text. */
  place?: (task: Task) => Promise<{ cwd: string; worktree?: NonNullable<Task['worktree']>; prompt?: string } | { hold: string }>;
  /** The checks after a succeeded run; left out, a succeeded run is done. */
  verify?: (task: Task, job: QueueJob) => Promise<VerifyResult>;
  onEvent?: (e: GraphEvent) => void;
  onProblem?: (message: string) => void;
}

export function createGraphRunner(setup: GraphRunSetup): GraphRunner {
  const { runtime, queue } = setup;
  const hooks: GraphRunHooks = {
    async prepare(task) {
      const pick = pickRunFor(task, setup.tiers(), setup.explicit ?? {}, setup.defaultExecutorId());
      const place = setup.place ? await setup.place(task) : { cwd: task.worktree?.path ?? runtime.root, worktree: task.worktree };
      if ('hold' in place) return place;
      return {
        taskId: task.id,
        executorId: pick.executorId,
        ...(pick.model && { model: pick.model }),
        permissionMode: setup.permissionMode,
        cwd: place.cwd,
        ...(place.worktree && { worktree: place.worktree }),
        ...(place.prompt && { prompt: place.prompt }),
      };
    },
    ...(setup.verify && { verify: setup.verify }),
    stopSession: async (sessionId) => {
      await runtime.sessions.stop(sessionId);
    },
  };
  return new GraphRunner({
    board: runtime.board,
    queue: { ...bindQueue(queue), startRun: (req) => queue.startRun({ ...req, permissionMode: req.permissionMode as PermissionMode | undefined }) },
    hooks,
    doneWhen: setup.doneWhen,
    acceptedColumn: setup.acceptedColumn,
    concurrency: setup.concurrency,
    onEvent: setup.onEvent,
    onProblem: setup.onProblem,
  });
}

function bindQueue(q: RunQueue) {
  return {
    waitForEnd: (id: string) => q.waitForEnd(id),
    onChange: (l: Parameters<RunQueue['onChange']>[0]) => q.onChange(l),
    jobs: (f?: { taskId?: string }) => q.jobs(f),
    cancel: (id: string) => q.cancel(id),
    snapshot: () => q.snapshot(),
  };
}
