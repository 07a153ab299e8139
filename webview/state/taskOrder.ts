// Pure helpers over a Board: tasks grouped per column in display order, and a local move that
// mirrors what the host will do, so a drag can be shown before the host answers.
import type { Board, Task } from '../../src/protocol/model';

export type TasksByColumn = ReadonlyMap<string, readonly Task[]>;

const byOrder = (a: Task, b: Task) => a.order - b.order || a.id.localeCompare(b.id);

/** Every column's tasks sorted by `order`, built in one pass (sort once per column). */
export function groupTasksByColumn(board: Board): TasksByColumn {
  const groups = new Map<string, Task[]>();
  for (const column of board.columns) groups.set(column.id, []);
  for (const task of board.tasks) groups.get(task.columnId)?.push(task);
  for (const list of groups.values()) list.sort(byOrder);
  return groups;
}

export interface MoveTarget {
  taskId: string;
  toColumnId: string;
  /** Index among the destination column's tasks, sorted by order, excluding the moved task. */
  toIndex: number;
}

/** The board after moving one task; the same board when the move is impossible. */
export function applyMove(board: Board, move: MoveTarget): Board {
  const task = board.tasks.find((t) => t.id === move.taskId);
  if (!task || !board.columns.some((c) => c.id === move.toColumnId)) return board;
  const siblings = board.tasks.filter((t) => t.columnId === move.toColumnId && t.id !== move.taskId).sort(byOrder);
  const index = Math.max(0, Math.min(move.toIndex, siblings.length));
  const order = orderBetween(siblings[index - 1]?.order, siblings[index]?.order);
  return {
    ...board,
    tasks: board.tasks.map((t) => (t.id === task.id ? { ...t, columnId: move.toColumnId, order } : t)),
  };
}

function orderBetween(before: number | undefined, after: number | undefined): number {
  if (before === undefined && after === undefined) return 0;
  if (before === undefined) return (after as number) - 1;
  if (after === undefined) return before + 1;
  return (before + after) / 2;
}

/** Where a task currently is: its column and index in that column's sorted list. */
export function locateTask(groups: TasksByColumn, taskId: string): { columnId: string; index: number } | null {
  for (const [columnId, list] of groups) {
    const index = list.findIndex((t) => t.id === taskId);
    if (index >= 0) return { columnId, index };
  }
  return null;
}

/** Case-insensitive match on title and description. Empty query matches everything. */
export function taskMatches(task: Task, lowerQuery: string): boolean {
  if (!lowerQuery) return true;
  return task.title.toLowerCase().includes(lowerQuery) || task.description.toLowerCase().includes(lowerQuery);
}
