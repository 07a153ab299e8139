// One line about a task's place in the graph, for link/unlink and the human list.
import { blockedByOf, dependantsOf, indexGraph } from '../../graph';
import type { Board } from '../../protocol/model';

const quoted = (titles: string[]) => titles.map((t) => `"${t}"`).join(', ');

export function describeWaits(board: Board, taskId: string): string {
  const g = indexGraph(board);
  const task = g.tasks.get(taskId);
  if (!task) return '';
  const waits = blockedByOf(task).map((id) => g.tasks.get(id)?.title ?? id);
  const blocks = dependantsOf(g, taskId).map((id) => g.tasks.get(id)!.title);
  const head = waits.length ? `"${task.title}" waits for ${quoted(waits)}.` : `"${task.title}" waits for nothing.`;
  return blocks.length ? `${head} It blocks ${quoted(blocks)}.` : head;
}
