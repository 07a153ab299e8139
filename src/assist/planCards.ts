// A confirmed plan becomes cards: one per task, in the plan's order, linked as a graph (plan keys
// → board ids), with the task's tier, tagged with the conversation. Pure — one board in, one
// board out — so BoardService.update writes the whole plan in ONE locked store write: a plan is
// on the board entirely or not at all, never half.
import type { Board, Task } from '../protocol/model';
import { DEFAULT_TIER } from '../protocol/model';
import type { AssistPlan, PlanTask } from '../protocol/assist';
import { orderForIndex, tasksInColumn } from '../shared/ordering';
import { planOrder } from './planCheck';

export interface PlanCardsInput {
  plan: AssistPlan;
  conversationId: string;
  /** Board ids, one per task (in plan order); the caller makes them so it knows them before the write. */
  ids: string[];
  now: string;
  /** Default: "todo" when the board has it, else the first column. */
  columnId?: string;
}

/** The column new plan cards go to: where a person would look for work about to start. */
export function planColumn(board: Board): string {
  return board.columns.find((c) => c.id === 'todo')?.id ?? board.columns[0].id;
}

export function planToBoard(board: Board, input: PlanCardsInput): { board: Board; taskIds: Record<string, string> } {
  const ordered = planOrder(input.plan.tasks);
  if (input.ids.length !== ordered.length) throw new Error(`planToBoard: ${ordered.length} tasks but ${input.ids.length} ids`);
  const taskIds: Record<string, string> = {};
  ordered.forEach((t, i) => (taskIds[t.key] = input.ids[i]));
  const columnId = input.columnId ?? planColumn(board);
  if (!board.columns.some((c) => c.id === columnId)) throw new Error(`There is no column "${columnId}" on this board.`);
  const existing = new Set(board.tasks.map((t) => t.id));
  const siblings = [...tasksInColumn(board, columnId)];
  const created: Task[] = [];
  for (const t of ordered) {
    const id = taskIds[t.key];
    if (existing.has(id)) throw new Error(`A task with id "${id}" already exists.`);
    existing.add(id);
    const task: Task = {
      id,
      columnId,
      order: orderForIndex(siblings, siblings.length),
      title: t.title.slice(0, 500),
      description: cardDescription(t),
      createdAt: input.now,
      updatedAt: input.now,
      agentStatus: 'idle',
      ...(t.blockedBy.length && { blockedBy: t.blockedBy.map((k) => taskIds[k]) }),
      ...(t.tier !== DEFAULT_TIER && { tier: t.tier }),
      fromAssist: { conversationId: input.conversationId, key: t.key },
    };
    siblings.push(task);
    created.push(task);
  }
  return { board: { ...board, tasks: [...board.tasks, ...created] }, taskIds };
}

/** What the agent reads: the task, then how it will be judged done. */
export function cardDescription(t: PlanTask): string {
  const parts = [t.description.trim()];
  if (t.acceptance.trim()) parts.push(`Done when: ${t.acceptance.trim()}`);
  return parts.filter(Boolean).join('\n\n');
}
