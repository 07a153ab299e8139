// Card order within a column, for the host (board rules) and the webview (an optimistic move shown
// before the host answers) alike, so the two can never disagree about where a card lands.
// Cards are ordered by a numeric key. Inserting between two cards takes the midpoint, so a move
// rewrites one task; only when doubles run out of room does the column get renumbered (rare:
// ~50 successive inserts into the same gap).
import type { Board, Task } from '../protocol/model';

/** Order, then creation time, then id: a total order, so every view sorts ties the same way. */
export function compareTasks(a: Task, b: Task): number {
  return a.order - b.order || a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);
}

export function tasksInColumn(board: Board, columnId: string): Task[] {
  return board.tasks.filter((t) => t.columnId === columnId).sort(compareTasks);
}

export type TasksByColumn = ReadonlyMap<string, readonly Task[]>;

/** Every column's tasks in display order, built in one pass (sort once per column). */
export function groupTasksByColumn(board: Board): TasksByColumn {
  const groups = new Map<string, Task[]>();
  for (const column of board.columns) groups.set(column.id, []);
  for (const task of board.tasks) groups.get(task.columnId)?.push(task);
  for (const list of groups.values()) list.sort(compareTasks);
  return groups;
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

/** Order key for slot `index`; when floating-point gaps run out, the column is renumbered. */
export function placeAt(siblings: readonly Task[], index: number): { order: number; renumbered: Map<string, number> } {
  const order = orderForIndex(siblings, index);
  const before = siblings[index - 1]?.order;
  const after = siblings[index]?.order;
  const fits = (before === undefined || order > before) && (after === undefined || order < after);
  if (fits) return { order, renumbered: new Map() };
  const renumbered = new Map<string, number>();
  let next = 1;
  siblings.forEach((t, i) => {
    if (i === index) next++;
    renumbered.set(t.id, next++);
  });
  return { order: index >= siblings.length ? next : index + 1, renumbered };
}

/**
 * The tasks after placing `taskId` at `toIndex` of `toColumnId` (clamped to the column), with any
 * renumbering applied; `touch` lets the host stamp the moved task. The caller checks that the task
 * and column exist.
 */
export function placeTask(board: Board, taskId: string, toColumnId: string, toIndex: number, touch: (moved: Task, before: Task) => Task = (m) => m): Task[] {
  const siblings = tasksInColumn(board, toColumnId).filter((t) => t.id !== taskId);
  const index = Math.max(0, Math.min(toIndex, siblings.length));
  const { order, renumbered } = placeAt(siblings, index);
  return board.tasks.map((t) => {
    if (t.id === taskId) return touch({ ...t, columnId: toColumnId, order }, t);
    const renumber = renumbered.get(t.id);
    return renumber !== undefined ? { ...t, order: renumber } : t;
  });
}
