// What the assistant brings up unasked (issue #14): a run that failed, checks that failed, and an
// agent that has waited a long time for the user's approval — each once, with a suggested next
// step. Pure: the editor feeds it board states and pending approvals and shows what it returns.
import type { Board, Task } from '../../protocol/model';
import type { PendingApproval } from '../../protocol/sessions';

export interface Notable {
  kind: 'runFailed' | 'checksFailed' | 'longWait';
  taskId: string;
  /** One sentence: what happened. */
  message: string;
  /** One sentence: what to do about it. */
  suggestion: string;
}

/** What changed for the worse between two states of the board (a task's first state is not news). */
export function boardNotables(before: Board | undefined, after: Board): Notable[] {
  if (!before) return [];
  const old = new Map(before.tasks.map((t) => [t.id, t]));
  const out: Notable[] = [];
  for (const task of after.tasks) {
    const prev = old.get(task.id);
    if (!prev) continue;
    if (task.agentStatus === 'error' && prev.agentStatus !== 'error') out.push(runFailed(task));
    if (task.verification?.state === 'checks_failed' && prev.verification?.state !== 'checks_failed') out.push(checksFailed(task));
  }
  return out;
}

function runFailed(task: Task): Notable {
  const why = task.agentStatusMessage ? `: ${firstLine(task.agentStatusMessage)}` : '';
  return {
    kind: 'runFailed',
    taskId: task.id,
    message: `The run on "${task.title}" failed${why}.`,
    suggestion: 'Read the end of its log on the card, then retry it or send the agent a follow-up with what to change.',
  };
}

function checksFailed(task: Task): Notable {
  const v = task.verification!;
  const what = v.failedCommand ? `\`${v.failedCommand}\`` : 'the checks';
  return {
    kind: 'checksFailed',
    taskId: task.id,
    message: `${what} failed on "${task.title}" after ${v.attempts} attempt${v.attempts === 1 ? '' : 's'}.`,
    suggestion: 'Open the card to see the output; fix it by hand or run the task again with a hint.',
  };
}

/** Remembers when each approval question was first seen, and says once when one waited too long. */
export class LongWaits {
  private readonly firstSeen = new Map<string, number>();
  private readonly told = new Set<string>();

  /** The questions open now; answered ones are forgotten. */
  update(pending: readonly PendingApproval[], now: number): void {
    const open = new Set(pending.map(keyOf));
    for (const k of [...this.firstSeen.keys()]) if (!open.has(k)) this.firstSeen.delete(k);
    for (const p of pending) if (!this.firstSeen.has(keyOf(p))) this.firstSeen.set(keyOf(p), now);
  }

  /** Questions open for at least `thresholdMs` and not yet brought up. */
  due(pending: readonly PendingApproval[], now: number, thresholdMs: number, titleOf: (taskId: string) => string): Notable[] {
    const out: Notable[] = [];
    for (const p of pending) {
      const k = keyOf(p);
      const since = this.firstSeen.get(k);
      if (since === undefined || now - since < thresholdMs || this.told.has(k)) continue;
      this.told.add(k);
      const minutes = Math.round((now - since) / 60000);
      out.push({
        kind: 'longWait',
        taskId: p.taskId,
        message: `"${titleOf(p.taskId)}" has waited ${minutes} min for your approval to use ${p.toolName}.`,
        suggestion: 'Allow or deny it on the card; if the agent is off track, stop the run instead.',
      });
    }
    return out;
  }
}

const keyOf = (p: PendingApproval) => `${p.sessionId}:${p.requestId}`;

function firstLine(text: string): string {
  const line = text.split('\n')[0].trim();
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}
