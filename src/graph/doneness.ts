// When a prerequisite counts as done, so its dependants may start (`viban.graph.doneWhen`):
// `succeeded` — its last run succeeded and, when checks ran, they passed (verification is part of
// done); `accepted` — on top of that, its work was accepted (merged, committed, or moved to the
// accepted column).
import { z } from 'zod';
import type { Task } from '../protocol/model';

export const DoneWhenSchema = z.enum(['succeeded', 'accepted']);
export type DoneWhen = z.infer<typeof DoneWhenSchema>;
export const DEFAULT_DONE_WHEN: DoneWhen = 'succeeded';

/** The run part of done: succeeded, and not waiting on or failing its checks. */
export function runSucceeded(task: Task): boolean {
  if (task.agentStatus !== 'done') return false;
  const v = task.verification?.state;
  return v === undefined || v === 'verified';
}

/** Accepted work: TaskReview marks it "Accepted" (and moves it to the accepted column when there is one). */
export function workAccepted(task: Task, acceptedColumn?: string): boolean {
  return task.agentStatusMessage === 'Accepted' || (acceptedColumn !== undefined && task.columnId === acceptedColumn);
}

export function isTaskDone(task: Task, doneWhen: DoneWhen, acceptedColumn?: string): boolean {
  if (doneWhen === 'accepted') return workAccepted(task, acceptedColumn);
  return runSucceeded(task) || workAccepted(task, acceptedColumn);
}
