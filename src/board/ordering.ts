// Cards are ordered within a column by a numeric key. Inserting between two cards takes the
// midpoint, so a move rewrites one task; only when doubles run out of room does the column
// get renumbered (rare: ~50 successive inserts into the same gap).
import type { Board, Task } from '../protocol/model';

export function tasksInColumn(board: Board, columnId: string): Task[] {
  return board.tasks.filter((t) => t.columnId === columnId).sort(compareTasks);
}

export function compareTasks(a: Task, b: Task): number {
  return a.order - b.order || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

/** Order key for inserting at `index` into `sorted` (which excludes the task being placed). */
export function orderForIndex(sorted: readonly Task[], index: number): number {
  const before = sorted[index - 1]?.order;
  const after = sorted[index]?.order;
  if (before === undefined && after === undefined) return 1;
  if (before === undefined) return after! - 1;
  if (after === undefined) return before + 1;
  return before + (after - before) / 2;
}
