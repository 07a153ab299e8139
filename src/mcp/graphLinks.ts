// The task graph as the MCP tools see it. Until the graph model (src/graph/) lands on main,
// a task's prerequisites are read from an optional `blockedBy` list on the card.
import type { Task } from '../protocol/model';

export function blockedByOf(task: Task): string[] {
  const links = (task as Task & { blockedBy?: unknown }).blockedBy;
  return Array.isArray(links) ? links.filter((l): l is string => typeof l === 'string') : [];
}
