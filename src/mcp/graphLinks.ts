// The task graph as the MCP tools need it: a task's prerequisites (`blockedBy` on the card) and
// the two link rules. Pure functions from a board to a new board, like board/boardRules.ts.
// A stand-in: the graph model of #12 (src/graph/) was not on main by the deadline; once it is,
// these three exports become re-exports of its linkTasks/unlinkTasks/blockedByOf.
import type { Board, Task } from '../protocol/model';
import { BoardRuleError, requireTask } from '../board/boardRules';

/** A link that would make a task wait, even indirectly, for itself. */
export class GraphCycleError extends BoardRuleError {
  constructor(readonly cycle: string[], cycleText: string) {
    super(`That link would make a cycle: ${cycleText}. A task cannot wait, even indirectly, for itself; remove one of these links first.`);
  }
}

export function blockedByOf(task: Task): string[] {
  return task.blockedBy ?? [];
}

/** Makes `taskId` wait for each of `blockedBy`; links already there are kept, not doubled. */
export function linkTasks(board: Board, taskId: string, blockedBy: readonly string[], now: string): Board {
  const task = requireTask(board, taskId);
  let links = blockedByOf(task);
  for (const other of blockedBy) {
    requireTask(board, other);
    if (other === taskId) throw new BoardRuleError(`"${task.title}" cannot be blocked by itself.`);
    if (links.includes(other)) continue;
    // "task waits for other" closes a cycle exactly when other already waits (transitively) for task.
    const back = prerequisitePath(withLinks(board, taskId, links), other, taskId);
    if (back) {
      const cycle = [taskId, ...back];
      throw new GraphCycleError(cycle, cycle.map((id) => `"${titleOf(board, id)}"`).join(' → '));
    }
    links = [...links, other];
  }
  return links.length === blockedByOf(task).length ? board : withLinks(board, taskId, links, now);
}

/** Drops the links from `taskId` to each of `blockedBy`; naming a link that is not there is an error. */
export function unlinkTasks(board: Board, taskId: string, blockedBy: readonly string[], now: string): Board {
  const task = requireTask(board, taskId);
  const current = blockedByOf(task);
  for (const other of blockedBy) {
    if (!current.includes(other)) throw new BoardRuleError(`"${task.title}" is not blocked by "${titleOf(board, other)}".`);
  }
  return withLinks(board, taskId, current.filter((id) => !blockedBy.includes(id)), now);
}

/** from, …, to following prerequisites (from waits for … waits for to), or undefined. */
function prerequisitePath(board: Board, from: string, to: string): string[] | undefined {
  const byId = new Map(board.tasks.map((t) => [t.id, t]));
  const parent = new Map<string, string | undefined>([[from, undefined]]);
  const queue = [from];
  for (let i = 0; i < queue.length; i++) {
    const cur = queue[i];
    if (cur === to) {
      const path: string[] = [];
      for (let p: string | undefined = cur; p !== undefined; p = parent.get(p)) path.push(p);
      return path.reverse();
    }
    for (const next of blockedByOf(byId.get(cur)!)) {
      if (parent.has(next) || !byId.has(next)) continue;
      parent.set(next, cur);
      queue.push(next);
    }
  }
  return undefined;
}

function titleOf(board: Board, id: string): string {
  return board.tasks.find((t) => t.id === id)?.title ?? id;
}

/** An empty list is stored as no field, so an unlinked card's JSON is what it was before. */
function withLinks(board: Board, taskId: string, ids: readonly string[], now?: string): Board {
  return {
    ...board,
    tasks: board.tasks.map((t) => {
      if (t.id !== taskId) return t;
      const { blockedBy: _old, ...rest } = t;
      return { ...rest, ...(ids.length && { blockedBy: [...ids] }), ...(now && { updatedAt: now }) };
    }),
  };
}
