// Which queued jobs may start now, and in what order queued jobs are expected to start. Pure
// functions over the file's state, so the rules are testable without files or timers.
//
// Order is start-time fair queueing with unit cost: a job's fair tag is the later of the queue's
// virtual time (the tag of the last started job) and one past the tag of its task's previous
// unfinished job. Jobs start in (fairTag, seq) order, so a task with five follow-ups queued gets
// one turn per round instead of starving the task enqueued after it, while with no contention
// the order is plain enqueue order. Tags grow within a task, so FIFO per task falls out as well.
import type { QueueFile, QueueJob } from '../protocol/queue';

export interface Limits {
  /** Jobs running at once across every process sharing the file. */
  concurrency: number;
  /** Optional cap per executor id (e.g. one Claude Code at a time). */
  perExecutor?: Readonly<Record<string, number>>;
}

const byStartOrder = (a: QueueJob, b: QueueJob) => a.fairTag - b.fairTag || a.seq - b.seq;

/** Queued jobs in the order they are expected to start (ignoring backoff waits and limits). */
export function queuedInStartOrder(jobs: readonly QueueJob[]): QueueJob[] {
  return jobs.filter((j) => j.status === 'queued').sort(byStartOrder);
}

/** The fair tag for a job entering the queue now for `taskId`. */
export function fairTagFor(state: QueueFile, taskId: string, excludeId?: string): number {
  let tag = state.virtualTime;
  for (const j of state.jobs) {
    if (j.taskId !== taskId || j.id === excludeId) continue;
    if (j.status === 'queued' || j.status === 'running') tag = Math.max(tag, j.fairTag + 1);
  }
  return tag;
}

/**
 * The queued jobs to start now, in start order: at most one per task and only when nothing of
 * that task is running or queued ahead of it, within the global and per-executor limits, not
 * before their backoff time, and only jobs this process accepts to run.
 */
export function pickRunnable(state: QueueFile, limits: Limits, nowMs: number, accepts: (job: QueueJob) => boolean = () => true): QueueJob[] {
  const running = state.jobs.filter((j) => j.status === 'running');
  let free = Math.max(0, limits.concurrency - running.length);
  if (free === 0) return [];
  const perExecutor = new Map<string, number>();
  for (const j of running) perExecutor.set(j.executorId, (perExecutor.get(j.executorId) ?? 0) + 1);
  const busyTasks = new Set(running.map((j) => j.taskId));

  const picked: QueueJob[] = [];
  for (const job of queuedInStartOrder(state.jobs)) {
    if (free === 0) break;
    // Whatever happens to this job, the task's later jobs must wait behind it (FIFO per task).
    if (busyTasks.has(job.taskId)) continue;
    busyTasks.add(job.taskId);
    if (job.nextAttemptAt && Date.parse(job.nextAttemptAt) > nowMs) continue;
    const cap = limits.perExecutor?.[job.executorId];
    const inUse = perExecutor.get(job.executorId) ?? 0;
    if (cap !== undefined && inUse >= cap) continue;
    if (!accepts(job)) continue;
    picked.push(job);
    perExecutor.set(job.executorId, inUse + 1);
    free--;
  }
  return picked;
}

/** The earliest future backoff time among queued jobs, so one timer can wake the queue. */
export function nextWakeAt(jobs: readonly QueueJob[], nowMs: number): number | undefined {
  let wake: number | undefined;
  for (const j of jobs) {
    if (j.status !== 'queued' || !j.nextAttemptAt) continue;
    const at = Date.parse(j.nextAttemptAt);
    if (at > nowMs && (wake === undefined || at < wake)) wake = at;
  }
  return wake;
}
