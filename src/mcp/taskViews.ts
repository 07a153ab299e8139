// Tasks as agents read them: where the card is, what state its agent is in, what it waits for
// and what waits for it, and how its last run ended. Plain JSON, no internal order keys.
import type { Board, Task } from '../protocol/model';
import type { SessionMeta } from '../protocol/sessions';
import { tasksInColumn } from '../shared/ordering';
import { blockedByOf } from './graphLinks';

export interface TaskBrief {
  id: string;
  title: string;
  column: string;
  columnTitle: string;
  state: Task['agentStatus'];
  statusMessage?: string;
  blockedBy: string[];
  createdBy?: { sessionId: string };
}

export function taskBrief(board: Board, task: Task): TaskBrief {
  const column = board.columns.find((c) => c.id === task.columnId);
  return {
    id: task.id,
    title: task.title,
    column: task.columnId,
    columnTitle: column?.title ?? task.columnId,
    state: task.agentStatus,
    ...(task.agentStatusMessage && { statusMessage: task.agentStatusMessage }),
    blockedBy: [...blockedByOf(task)],
    ...(task.createdBy && { createdBy: task.createdBy }),
  };
}

/** Every task, column by column in board order. */
export function boardBriefs(board: Board): TaskBrief[] {
  return board.columns.flatMap((c) => tasksInColumn(board, c.id).map((t) => taskBrief(board, t)));
}

export interface LastOutcome {
  sessionId: string;
  status: SessionMeta['status'];
  executor: string;
  endedAt?: string;
  error?: string;
  costUsd?: number;
  /** The agent's final answer, shortened; get_session has all of it. */
  answer?: string;
}

export function taskDetail(board: Board, task: Task, lastOutcome: LastOutcome | undefined) {
  const blocks = board.tasks.filter((t) => blockedByOf(t).includes(task.id)).map((t) => t.id);
  return {
    ...taskBrief(board, task),
    description: task.description,
    blocks,
    createdAt: task.createdAt,
    updatedAt: task.updatedAt,
    ...(task.executorId && { executor: task.executorId }),
    ...(task.costUsd !== undefined && { costUsd: task.costUsd }),
    ...(task.worktree && { worktree: task.worktree }),
    ...(task.changes && { changes: task.changes }),
    ...(task.prUrl && { pullRequest: task.prUrl }),
    ...(task.needsReview && { needsReview: task.needsReview }),
    lastOutcome: lastOutcome ?? null,
  };
}

/** A column named by id or by title (case-insensitive), as agents write either. */
export function findColumn(board: Board, nameOrId: string) {
  const wanted = nameOrId.trim().toLowerCase();
  return board.columns.find((c) => c.id === nameOrId) ?? board.columns.find((c) => c.title.toLowerCase() === wanted || c.id.toLowerCase() === wanted);
}

export function columnNames(board: Board): string {
  return board.columns.map((c) => `"${c.title}" (${c.id})`).join(', ');
}
