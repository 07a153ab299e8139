// What deleting a task did to the graph, in words: the card's Delete (VS Code) and `viban delete`
// both say which tasks stopped waiting for it, so a dependant does not start silently.
import type { Task } from '../protocol/model';
import { blockedByOf } from './graphIndex';

const quoted = (tasks: readonly Pick<Task, 'title'>[]) => tasks.map((t) => `"${t.title}"`).join(', ');

/** For the confirmation, before the delete: the tasks that wait for it (its dependants). */
export function dependantsWarning(dependants: readonly Pick<Task, 'title'>[]): string | undefined {
  if (dependants.length === 0) return undefined;
  return `${quoted(dependants)} ${dependants.length === 1 ? 'waits' : 'wait'} for it: ${dependants.length === 1 ? 'that link is' : 'those links are'} removed too.`;
}

/** After the delete: which tasks no longer wait for it, and which of them still wait for others. */
export function unblockedText(deletedTitle: string, unblocked: readonly Task[]): string {
  if (unblocked.length === 0) return `Deleted "${deletedTitle}".`;
  const free = unblocked.filter((t) => blockedByOf(t).length === 0);
  const stillWaiting = unblocked.filter((t) => blockedByOf(t).length > 0);
  const parts = [`Deleted "${deletedTitle}". Unblocked: ${quoted(unblocked)}.`];
  if (stillWaiting.length) parts.push(`${quoted(stillWaiting)} still ${stillWaiting.length === 1 ? 'waits' : 'wait'} for other tasks.`);
  else if (free.length) parts.push(`${free.length === 1 ? 'It waits' : 'They wait'} for nothing now.`);
  return parts.join(' ');
}
