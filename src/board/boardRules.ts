// Board operations: pure functions from a board to a new board, enforcing the invariants
// (unique ids, every task in an existing column, at least one column, sane titles). A rule
// violation throws BoardRuleError with a message a person can act on; the store then writes
// nothing.
import { DEFAULT_COLUMNS, type Board, type Column, type Task, CURRENT_SCHEMA_VERSION } from '../protocol/model';
import { orderForIndex, placeTask, tasksInColumn } from '../shared/ordering';

export class BoardRuleError extends Error {
  override readonly name = 'BoardRuleError';
}

export function emptyBoard(): Board {
  return { schemaVersion: CURRENT_SCHEMA_VERSION, columns: DEFAULT_COLUMNS.map((c) => ({ ...c })), tasks: [] };
}

export interface NewTask {
  id: string;
  title: string;
  description?: string;
  columnId?: string;
  now: string;
}

function cleanTitle(raw: string, what: string, max: number): string {
  const title = raw.replace(/\s+/g, ' ').trim();
  if (!title) throw new BoardRuleError(`${what} cannot be empty.`);
  if (title.length > max) throw new BoardRuleError(`${what} is too long (${title.length} characters; at most ${max}).`);
  return title;
}

function requireColumn(board: Board, columnId: string): Column {
  const column = board.columns.find((c) => c.id === columnId);
  if (!column) throw new BoardRuleError(`There is no column "${columnId}" on this board (it may have been removed in another window).`);
  return column;
}

export function requireTask(board: Board, taskId: string): Task {
  const task = board.tasks.find((t) => t.id === taskId);
  if (!task) throw new BoardRuleError(`There is no task "${taskId}" on this board (it may have been deleted in another window).`);
  return task;
}

/** New tasks go to the bottom of the given column (default: the first column). */
export function createTask(board: Board, input: NewTask): Board {
  const columnId = input.columnId ?? board.columns[0].id;
  requireColumn(board, columnId);
  if (board.tasks.some((t) => t.id === input.id)) throw new BoardRuleError(`A task with id "${input.id}" already exists.`);
  const siblings = tasksInColumn(board, columnId);
  const task: Task = {
    id: input.id,
    columnId,
    order: orderForIndex(siblings, siblings.length),
    title: cleanTitle(input.title, 'A task title', 500),
    description: input.description ?? '',
    createdAt: input.now,
    updatedAt: input.now,
    agentStatus: 'idle',
  };
  return { ...board, tasks: [...board.tasks, task] };
}

export function updateTask(board: Board, taskId: string, patch: { title?: string; description?: string }, now: string): Board {
  requireTask(board, taskId);
  const title = patch.title === undefined ? undefined : cleanTitle(patch.title, 'A task title', 500);
  return {
    ...board,
    tasks: board.tasks.map((t) =>
      t.id !== taskId
        ? t
        : { ...t, ...(title !== undefined && { title }), ...(patch.description !== undefined && { description: patch.description }), updatedAt: now },
    ),
  };
}

/** Fields the agent/session layer owns on a task. */
export type TaskAgentPatch = Partial<
  Pick<Task, 'agentStatus' | 'agentStatusMessage' | 'lastSessionId' | 'executorId' | 'costUsd' | 'worktree' | 'changes' | 'prUrl' | 'needsReview' | 'accepted' | 'verification' | 'held' | 'released'>
>;

export function patchTaskAgent(board: Board, taskId: string, patch: TaskAgentPatch, now: string): Board {
  requireTask(board, taskId);
  return { ...board, tasks: board.tasks.map((t) => (t.id === taskId ? { ...t, ...patch, updatedAt: now } : t)) };
}

export function deleteTask(board: Board, taskId: string): Board {
  requireTask(board, taskId);
  return { ...board, tasks: board.tasks.filter((t) => t.id !== taskId) };
}

/**
 * Moves a task to `toIndex` among the destination column's tasks, counted without the moved
 * task itself (so "index 0" is always the top, whether or not the task was already there).
 */
export function moveTask(board: Board, taskId: string, toColumnId: string, toIndex: number, now: string): Board {
  const task = requireTask(board, taskId);
  requireColumn(board, toColumnId);
  if (!Number.isInteger(toIndex) || toIndex < 0) throw new BoardRuleError(`Position ${toIndex} is not a valid place in a column.`);
  const touch = (moved: Task, before: Task): Task => (before.columnId === moved.columnId && before.order === moved.order ? moved : { ...moved, updatedAt: now });
  return { ...board, tasks: placeTask(board, task.id, toColumnId, toIndex, touch) };
}

export function addColumn(board: Board, id: string, rawTitle: string): Board {
  const title = cleanTitle(rawTitle, 'A column title', 200);
  if (board.columns.some((c) => c.id === id)) throw new BoardRuleError(`A column with id "${id}" already exists.`);
  if (board.columns.some((c) => c.title.toLowerCase() === title.toLowerCase())) throw new BoardRuleError(`There is already a column called "${title}".`);
  return { ...board, columns: [...board.columns, { id, title }] };
}

export function renameColumn(board: Board, columnId: string, rawTitle: string): Board {
  requireColumn(board, columnId);
  const title = cleanTitle(rawTitle, 'A column title', 200);
  if (board.columns.some((c) => c.id !== columnId && c.title.toLowerCase() === title.toLowerCase())) {
    throw new BoardRuleError(`There is already a column called "${title}".`);
  }
  return { ...board, columns: board.columns.map((c) => (c.id === columnId ? { ...c, title } : c)) };
}

export function moveColumn(board: Board, columnId: string, toIndex: number): Board {
  const column = requireColumn(board, columnId);
  const rest = board.columns.filter((c) => c.id !== columnId);
  const index = Math.max(0, Math.min(toIndex, rest.length));
  return { ...board, columns: [...rest.slice(0, index), column, ...rest.slice(index)] };
}

/**
 * Removes a column. A column with cards needs `moveCardsTo`: its cards go to the bottom of that
 * column, keeping their relative order. The last column can never be removed.
 */
export function deleteColumn(board: Board, columnId: string, moveCardsTo?: string): Board {
  requireColumn(board, columnId);
  if (board.columns.length === 1) throw new BoardRuleError('A board needs at least one column.');
  const cards = tasksInColumn(board, columnId);
  if (cards.length > 0) {
    if (!moveCardsTo) throw new BoardRuleError(`The column still holds ${cards.length} card(s): choose where they go.`);
    if (moveCardsTo === columnId) throw new BoardRuleError('Cards cannot move into the column being removed.');
    requireColumn(board, moveCardsTo);
  }
  let tasks = board.tasks;
  if (cards.length > 0 && moveCardsTo) {
    const dest = tasksInColumn(board, moveCardsTo);
    let last = dest.length ? dest[dest.length - 1].order : 0;
    const newOrder = new Map(cards.map((t) => [t.id, ++last]));
    tasks = tasks.map((t) => (newOrder.has(t.id) ? { ...t, columnId: moveCardsTo, order: newOrder.get(t.id)! } : t));
  }
  return { ...board, columns: board.columns.filter((c) => c.id !== columnId), tasks };
}
