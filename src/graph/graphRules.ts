// Changing links: pure functions from a board to a new board, like board/boardRules.ts. A link
// that would close a cycle is refused with the cycle named by task titles, so the user sees which
// link to drop; deleting a task drops every link to it and says which tasks it no longer blocks.
// Imports nothing from board/ (the board service builds on this folder, not the other way round).
import type { Board, Task } from '../protocol/model';
import { blockedByOf, indexGraph, prerequisitesOf, type GraphIndex } from './graphIndex';
import { describePath } from './topology';

/** A link refused; the message says what to do. The store writes nothing. */
export class GraphRuleError extends Error {
  override readonly name: string = 'GraphRuleError';
}

function requireTask(board: Board, taskId: string): Task {
  const task = board.tasks.find((t) => t.id === taskId);
  if (!task) throw new GraphRuleError(`There is no task "${taskId}" on this board (see \`viban list\`; it may have been deleted in another window).`);
  return task;
}

export class GraphCycleError extends GraphRuleError {
  override readonly name = 'GraphCycleError';
  constructor(
    /** Task ids along the cycle, first repeated last, in run order ("A → B → A"). */
    readonly cycle: string[],
    readonly cycleText: string,
  ) {
    super(`That link would make a cycle: ${cycleText}. A task cannot wait, even indirectly, for itself; remove one of these links first.`);
  }
}

/** Path from `from` to `to` following prerequisites (from waits for … waits for to), or undefined. */
function prerequisitePath(g: GraphIndex, from: string, to: string): string[] | undefined {
  const parent = new Map<string, string>([[from, '']]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const cur = queue[i];
    if (cur === to) {
      const path = [cur];
      for (let p = parent.get(cur)!; p !== ''; p = parent.get(p)!) path.push(p);
      return path.reverse();
    }
    for (const p of prerequisitesOf(g, cur)) {
      if (parent.has(p)) continue;
      parent.set(p, cur);
      queue.push(p);
    }
  }
  return undefined;
}

/** Makes `taskId` wait for each of `blockedBy` (already-present links are kept, not doubled). */
export function linkTasks(board: Board, taskId: string, blockedBy: readonly string[], now: string): Board {
  const task = requireTask(board, taskId);
  if (blockedBy.length === 0) throw new GraphRuleError('Name at least one task it is blocked by.');
  let g = indexGraph(board);
  const added: string[] = [];
  for (const other of blockedBy) {
    requireTask(board, other);
    if (other === taskId) throw new GraphRuleError(`"${task.title}" cannot be blocked by itself.`);
    if (blockedByOf(task).includes(other) || added.includes(other)) continue;
    // Adding "task waits for other" closes a cycle iff other already waits (transitively) for task.
    const back = prerequisitePath(g, other, taskId);
    if (back) {
      // back = other … task following prerequisites; in run order that is task → … → other, then other → task.
      const cycle = [...back.reverse(), taskId];
      throw new GraphCycleError(cycle, describePath(g, cycle));
    }
    added.push(other);
    // Later ids in the same call must see this link too (a, b where b waits for a is fine; a cycle through both is not).
    g = indexGraph(withBlockedBy(board, taskId, [...blockedByOf(task), ...added], now));
  }
  if (added.length === 0) return board;
  return withBlockedBy(board, taskId, [...blockedByOf(task), ...added], now);
}

/** Drops the links from `taskId` to each of `blockedBy`; naming a link that is not there is an error. */
export function unlinkTasks(board: Board, taskId: string, blockedBy: readonly string[], now: string): Board {
  const task = requireTask(board, taskId);
  if (blockedBy.length === 0) throw new GraphRuleError('Name at least one task to stop waiting for.');
  const current = blockedByOf(task);
  for (const other of blockedBy) {
    if (!current.includes(other)) {
      const title = board.tasks.find((t) => t.id === other)?.title;
      throw new GraphRuleError(`"${task.title}" is not blocked by ${title ? `"${title}"` : `"${other}"`}.`);
    }
  }
  return withBlockedBy(board, taskId, current.filter((id) => !blockedBy.includes(id)), now);
}

export interface DeleteOutcome {
  board: Board;
  /** Tasks that waited for the deleted task, now without that link. */
  unblocked: Task[];
}

/** Deletes a task and every link to it. */
export function deleteTaskAndLinks(board: Board, taskId: string, now: string): DeleteOutcome {
  requireTask(board, taskId);
  const unblocked: Task[] = [];
  const tasks: Task[] = [];
  for (const t of board.tasks) {
    if (t.id === taskId) continue;
    if (blockedByOf(t).includes(taskId)) {
      const next = setBlockedBy(t, blockedByOf(t).filter((id) => id !== taskId), now);
      unblocked.push(next);
      tasks.push(next);
    } else tasks.push(t);
  }
  return { board: { ...board, tasks }, unblocked };
}

function withBlockedBy(board: Board, taskId: string, ids: readonly string[], now: string): Board {
  return { ...board, tasks: board.tasks.map((t) => (t.id === taskId ? setBlockedBy(t, ids, now) : t)) };
}

/** An empty list is stored as no field, so an unlinked task's JSON is what it was before linking. */
function setBlockedBy(task: Task, ids: readonly string[], now: string): Task {
  const { blockedBy: _old, held: _held, ...rest } = task;
  // A task that loses its links can no longer be held by them.
  const keepHeld = task.held !== undefined && ids.length > 0 ? { held: task.held } : {};
  return { ...rest, ...keepHeld, ...(ids.length ? { blockedBy: [...ids] } : {}), updatedAt: now };
}
