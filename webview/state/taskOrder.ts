// Pure helpers over a Board for the views: tasks grouped per column in display order and a local
// move, both from the host's own ordering (src/shared/ordering.ts), so a drag shown before the host
// answers lands exactly where the host will put it.
import type { Board, Task } from '../../src/protocol/model';
import { groupTasksByColumn, placeTask, type TasksByColumn } from '../../src/shared/ordering';

export type { TasksByColumn };
export { groupTasksByColumn };

export interface MoveTarget {
  taskId: string;
  toColumnId: string;
  /** Index among the destination column's tasks, sorted by order, excluding the moved task. */
  toIndex: number;
}

/** The board after moving one task, placed exactly as the host will place it; the same board when the move is impossible. */
export function applyMove(board: Board, move: MoveTarget): Board {
  if (!board.tasks.some((t) => t.id === move.taskId) || !board.columns.some((c) => c.id === move.toColumnId)) return board;
  return { ...board, tasks: placeTask(board, move.taskId, move.toColumnId, move.toIndex) };
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
