// The task graph read out of a board: each task's prerequisites (the tasks it is blocked by) and
// dependants (the tasks blocked by it). Links to tasks that no longer exist (a hand edit of
// board.json, a merge of two branches) are set aside as `dangling` rather than failing the board.
import { DEFAULT_TIER, type Board, type Task, type Tier } from '../protocol/model';

export interface GraphIndex {
  readonly tasks: ReadonlyMap<string, Task>;
  /** Task id → ids it waits for (existing tasks only), in the order the task lists them. */
  readonly prerequisites: ReadonlyMap<string, readonly string[]>;
  /** Task id → ids that wait for it, in board order. */
  readonly dependants: ReadonlyMap<string, readonly string[]>;
  /** Links naming a task that is not on the board. */
  readonly dangling: ReadonlyArray<{ taskId: string; missing: string }>;
}

const NONE: readonly string[] = Object.freeze([]);

export function blockedByOf(task: Task): readonly string[] {
  return task.blockedBy ?? NONE;
}

export function tierOf(task: Task): Tier {
  return task.tier ?? DEFAULT_TIER;
}

export function indexGraph(board: Board): GraphIndex {
  const tasks = new Map(board.tasks.map((t) => [t.id, t]));
  const prerequisites = new Map<string, string[]>();
  const dependants = new Map<string, string[]>();
  const dangling: Array<{ taskId: string; missing: string }> = [];
  for (const t of board.tasks) {
    const own: string[] = [];
    for (const p of blockedByOf(t)) {
      if (!tasks.has(p) || p === t.id) {
        dangling.push({ taskId: t.id, missing: p });
        continue;
      }
      own.push(p);
      let list = dependants.get(p);
      if (!list) dependants.set(p, (list = []));
      list.push(t.id);
    }
    prerequisites.set(t.id, own);
  }
  return { tasks, prerequisites, dependants, dangling };
}

export const prerequisitesOf = (g: GraphIndex, id: string): readonly string[] => g.prerequisites.get(id) ?? NONE;
export const dependantsOf = (g: GraphIndex, id: string): readonly string[] => g.dependants.get(id) ?? NONE;

/** Every task that (transitively) waits for `id`, nearest first; `id` itself excluded. */
export function descendantsOf(g: GraphIndex, id: string): string[] {
  const seen = new Set<string>([id]);
  const out: string[] = [];
  const queue = [id];
  for (let i = 0; i < queue.length; i++) {
    for (const d of dependantsOf(g, queue[i])) {
      if (seen.has(d)) continue;
      seen.add(d);
      out.push(d);
      queue.push(d);
    }
  }
  return out;
}

/** Every task `id` (transitively) waits for, nearest first; `id` itself excluded. */
export function ancestorsOf(g: GraphIndex, id: string): string[] {
  const seen = new Set<string>([id]);
  const out: string[] = [];
  const queue = [id];
  for (let i = 0; i < queue.length; i++) {
    for (const p of prerequisitesOf(g, queue[i])) {
      if (seen.has(p)) continue;
      seen.add(p);
      out.push(p);
      queue.push(p);
    }
  }
  return out;
}

export function titleOf(g: GraphIndex, id: string): string {
  return g.tasks.get(id)?.title ?? id;
}
