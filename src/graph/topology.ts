// Whole-graph checks and orderings: a topological order (Kahn's algorithm, board order among
// equals so the result is stable), the cycles a hand-edited board.json may hold, and each task's
// longest remaining path to the end of the graph — the classic critical-path priority for list
// scheduling (Graham; Hu): starting the task with the longest chain behind it first is what keeps
// the makespan close to the lower bound max(critical path, work ÷ workers).
import type { Board } from '../protocol/model';
import { dependantsOf, indexGraph, prerequisitesOf, titleOf, type GraphIndex } from './graphIndex';

export interface GraphValidation {
  /** Task ids, every prerequisite before its dependants. Tasks on a cycle are left out. */
  order: string[];
  /** Each cycle as task ids, first id repeated at the end ("A → B → A"). */
  cycles: string[][];
  dangling: GraphIndex['dangling'];
  index: GraphIndex;
}

export function validateGraph(board: Board, index: GraphIndex = indexGraph(board)): GraphValidation {
  const waiting = new Map<string, number>();
  const order: string[] = [];
  for (const t of board.tasks) {
    const n = prerequisitesOf(index, t.id).length;
    waiting.set(t.id, n);
    if (n === 0) order.push(t.id);
  }
  for (let i = 0; i < order.length; i++) {
    for (const d of dependantsOf(index, order[i])) {
      const left = waiting.get(d)! - 1;
      waiting.set(d, left);
      if (left === 0) order.push(d);
    }
  }
  const cycles = order.length === board.tasks.length ? [] : findCycles(index, new Set(order));
  return { order, cycles, dangling: index.dangling, index };
}

/** One cycle per strongly tangled group: walks prerequisites from each unordered task until a task repeats. */
function findCycles(index: GraphIndex, ordered: Set<string>): string[][] {
  const cycles: string[][] = [];
  const done = new Set(ordered);
  for (const start of index.tasks.keys()) {
    if (done.has(start)) continue;
    const path: string[] = [];
    const at = new Map<string, number>();
    let cur: string | undefined = start;
    while (cur !== undefined && !done.has(cur) && !at.has(cur)) {
      at.set(cur, path.length);
      path.push(cur);
      cur = prerequisitesOf(index, cur).find((p) => !done.has(p));
    }
    if (cur !== undefined && at.has(cur)) {
      // Walking prerequisites goes against the run order; reverse so it reads "first → then".
      const loop = path.slice(at.get(cur)!).reverse();
      cycles.push([...loop, loop[0]]);
    }
    path.forEach((id) => done.add(id));
  }
  return cycles;
}

/** "Add API route → Write migration → Add API route". */
export function describePath(index: GraphIndex, ids: readonly string[]): string {
  return ids.map((id) => titleOf(index, id)).join(' → ');
}

/**
 * Each task's longest remaining path: its own weight plus the heaviest chain of dependants after
 * it. `weight` defaults to 1 per task (no durations known). Tasks on a cycle get their own weight.
 */
export function remainingPathRanks(validation: GraphValidation, weight: (id: string) => number = () => 1): Map<string, number> {
  const { order, index } = validation;
  const ranks = new Map<string, number>();
  for (let i = order.length - 1; i >= 0; i--) {
    const id = order[i];
    let longest = 0;
    for (const d of dependantsOf(index, id)) longest = Math.max(longest, ranks.get(d) ?? 0);
    ranks.set(id, weight(id) + longest);
  }
  for (const id of index.tasks.keys()) if (!ranks.has(id)) ranks.set(id, weight(id));
  return ranks;
}

/** The length of the longest path through the whole graph (the makespan's lower bound). */
export function criticalPathLength(ranks: ReadonlyMap<string, number>): number {
  let max = 0;
  for (const r of ranks.values()) max = Math.max(max, r);
  return max;
}
