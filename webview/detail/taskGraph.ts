// The detail pane's view of the task graph: which tasks may become a prerequisite (searchable),
// whether a link would close a cycle (named like the host names it), and the plan a task belongs
// to, laid out in layers for the graph view. Pure functions over the board (the webview may not
// import src/graph: only src/protocol crosses the boundary); the host still decides every link.
import type { Board, Task } from '../../src/protocol/model';

const blockedBy = (t: Task | undefined): readonly string[] => t?.blockedBy ?? [];

/** "A → B → A" when `taskId` waiting for `otherId` would close a cycle (otherId already waits, maybe indirectly, for taskId). */
export function cycleIfLinked(board: Board, taskId: string, otherId: string): string | undefined {
  const byId = new Map(board.tasks.map((t) => [t.id, t]));
  if (taskId === otherId) return `${byId.get(taskId)?.title ?? taskId} → ${byId.get(taskId)?.title ?? taskId}`;
  // Walk otherId's prerequisites looking for taskId; remember how we got there.
  const via = new Map<string, string>();
  const stack = [otherId];
  const seen = new Set(stack);
  while (stack.length) {
    const id = stack.pop()!;
    for (const p of blockedBy(byId.get(id))) {
      if (seen.has(p)) continue;
      seen.add(p);
      via.set(p, id);
      if (p === taskId) {
        // otherId waits for … waits for taskId; with the new link taskId waits for otherId.
        const path = [taskId];
        for (let at = taskId; at !== otherId; ) path.unshift((at = via.get(at)!));
        return [taskId, ...path].map((x) => byId.get(x)?.title ?? x).join(' → ');
      }
      stack.push(p);
    }
  }
  return undefined;
}

export interface Candidate {
  task: Task;
  /** Set when linking it would make a cycle: the cycle, named. */
  cycle?: string;
}

/** Tasks `taskId` could wait for, matching the query (title or id), the closest matches first. */
export function prerequisiteCandidates(board: Board, taskId: string, query: string, limit = 8): Candidate[] {
  const self = board.tasks.find((t) => t.id === taskId);
  const linked = new Set(blockedBy(self));
  const q = query.trim().toLowerCase();
  const scored: Array<{ task: Task; score: number }> = [];
  for (const t of board.tasks) {
    if (t.id === taskId || linked.has(t.id)) continue;
    const title = t.title.toLowerCase();
    const score = !q ? 1 : title.startsWith(q) ? 3 : title.includes(q) ? 2 : t.id.toLowerCase().includes(q) ? 1 : 0;
    if (score) scored.push({ task: t, score });
  }
  scored.sort((a, b) => b.score - a.score || a.task.title.localeCompare(b.task.title));
  return scored.slice(0, limit).map(({ task }) => ({ task, ...optional('cycle', cycleIfLinked(board, taskId, task.id)) }));
}

const optional = <K extends string, V>(k: K, v: V | undefined) => (v === undefined ? {} : ({ [k]: v } as Record<K, V>));

export interface PlanLayout {
  /** Columns left to right: a task's column is the longest chain of prerequisites before it. */
  layers: Task[][];
  /** prerequisite → dependant. */
  edges: Array<{ from: string; to: string }>;
}

/** The plan a task belongs to: every task linked to it, directly or not, in either direction. */
export function planOf(board: Board, taskId: string, maxTasks = 60): PlanLayout {
  const byId = new Map(board.tasks.map((t) => [t.id, t]));
  const dependants = new Map<string, string[]>();
  for (const t of board.tasks) for (const p of blockedBy(t)) if (byId.has(p)) (dependants.get(p) ?? dependants.set(p, []).get(p)!).push(t.id);
  const inPlan = new Set<string>();
  const queue = byId.has(taskId) ? [taskId] : [];
  while (queue.length && inPlan.size < maxTasks) {
    const id = queue.shift()!;
    if (inPlan.has(id)) continue;
    inPlan.add(id);
    for (const n of [...blockedBy(byId.get(id)), ...(dependants.get(id) ?? [])]) if (byId.has(n) && !inPlan.has(n)) queue.push(n);
  }
  const depth = new Map<string, number>();
  const depthOf = (id: string, trail: Set<string>): number => {
    const known = depth.get(id);
    if (known !== undefined) return known;
    if (trail.has(id)) return 0; // a cycle written by hand: the host reports it; draw it flat.
    trail.add(id);
    const prereqs = blockedBy(byId.get(id)).filter((p) => inPlan.has(p));
    const d = prereqs.length ? 1 + Math.max(...prereqs.map((p) => depthOf(p, trail))) : 0;
    trail.delete(id);
    depth.set(id, d);
    return d;
  };
  const layers: Task[][] = [];
  for (const t of board.tasks) {
    if (!inPlan.has(t.id)) continue;
    const d = depthOf(t.id, new Set());
    (layers[d] ??= []).push(t);
  }
  const edges = [...inPlan].flatMap((id) => blockedBy(byId.get(id)).filter((p) => inPlan.has(p)).map((p) => ({ from: p, to: id })));
  return { layers: layers.filter(Boolean), edges };
}
