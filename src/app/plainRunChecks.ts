// Verify-and-fix for plain runs too (a card's Run in VS Code, `viban run`), not only Run all's.
// A plain run is checked when checks are configured (`verify.commands` in .viban/settings.json or
// `viban.verify.commands`): a project that configured nothing is not suddenly made to run its
// whole test suite after every small run; Run all (which waits for verified prerequisites) still
// uses the package.json scripts it finds. Graph runs verify themselves, and stage runs have gates.
import type { QueueJob } from '../protocol/queue';
import type { RunQueue } from '../queue/runQueue';
import type { VerifySettings } from '../verify/verifySettings';
import type { VerifyResult } from '../graph';
import type { FolderRuntime } from './folderRuntime';
import { createRunVerifier } from './verifyRuns';

/** A card's own run: not a follow-up message, not a graph's task, not a stage step. */
export function isPlainRun(job: Pick<QueueJob, 'kind' | 'payload'>): boolean {
  return job.kind === 'run' && job.payload.graphRunId === undefined && job.payload.columnFlow !== false;
}

/** Checks apply to plain runs only where they were configured on purpose. */
export function checksConfigured(s: VerifySettings | undefined): s is VerifySettings & { commands: string[] } {
  return s?.enabled !== false && (s?.commands?.length ?? 0) > 0;
}

/** Verifies one ended run's session (`viban run`); undefined when there is nothing to check. */
export async function verifyPlainSession(runtime: FolderRuntime, taskId: string, sessionId: string, settings: VerifySettings | undefined): Promise<VerifyResult | undefined> {
  if (!checksConfigured(settings)) return undefined;
  const task = runtime.board.current.board.tasks.find((t) => t.id === taskId);
  if (!task) return undefined;
  return createRunVerifier(runtime, () => settings)(task, { sessionId } as QueueJob);
}

/**
 * Watches the folder's queue: each plain run that succeeds from now on is verified (and fixed up)
 * once. Returns the unsubscribe. Checks run in this process, like Run all's.
 */
export function checkPlainRuns(runtime: FolderRuntime, queue: Pick<RunQueue, 'jobs' | 'onChange'>, settings: () => VerifySettings | undefined, onProblem?: (message: string) => void): () => void {
  const since = Date.now();
  const handled = new Set<string>();
  const verify = createRunVerifier(runtime, settings);
  const look = () => {
    if (!checksConfigured(settings())) return;
    for (const job of queue.jobs()) {
      if (job.status !== 'succeeded' || handled.has(job.id) || !isPlainRun(job)) continue;
      handled.add(job.id);
      // Runs that ended before this window watched were someone else's to check.
      if (!job.endedAt || Date.parse(job.endedAt) < since) continue;
      const task = runtime.board.current.board.tasks.find((t) => t.id === job.taskId);
      if (!task) continue;
      void verify(task, job).catch((err) => onProblem?.(`Could not check the run of "${task.title}": ${err instanceof Error ? err.message : String(err)}`));
    }
  };
  return queue.onChange(look);
}
