// What a card shows of a task, computed without markdown rendering (cards must stay cheap).
import type { AgentStatus, Task } from '../../src/protocol/model';
import { taskState } from '../../src/protocol/taskState';

const MAX_PREVIEW = 160;

/** The first non-empty line of the description as plain text, with leading markdown markers removed. */
export function descriptionPreview(description: string): string {
  const line = description.split('\n').find((l) => l.trim() !== '') ?? '';
  const plain = line
    .trim()
    .replace(/^(#{1,6}\s+|[-*+]\s+(\[[ xX]\]\s+)?|>\s*|\d+[.)]\s+)/, '')
    .replace(/[*_`~]+/g, '');
  return plain.length > MAX_PREVIEW ? `${plain.slice(0, MAX_PREVIEW - 1)}…` : plain;
}

/** A card's cost, as every view shows it (src/shared/format.ts). */
export { formatCost } from '../../src/shared/format';

export const statusLabel: Record<AgentStatus, string> = {
  idle: 'Idle',
  queued: 'Queued',
  thinking: 'Thinking',
  executing: 'Executing',
  waiting_for_user: 'Waiting for you',
  error: 'Error',
  done: 'Done',
};

export const statusIcon: Record<AgentStatus, string> = {
  idle: 'circle-large-outline',
  queued: 'clock',
  thinking: 'loading codicon-modifier-spin',
  executing: 'sync codicon-modifier-spin',
  waiting_for_user: 'bell-dot',
  error: 'error',
  done: 'pass',
};

type Changes = NonNullable<Task['changes']>;
const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The card's summary line of what the agent changed: "3 files · +42 −7". */
export function changesLine(c: Changes): string {
  return `${count(c.files, 'file', 'files')} \u00b7 +${c.insertions} \u2212${c.deletions}`;
}

/** The same, for screen readers: "3 files changed, 42 added, 7 removed". */
export function changesLabel(c: Changes): string {
  return `${count(c.files, 'file', 'files')} changed, ${c.insertions} added, ${c.deletions} removed`;
}

/** The card's accessible name: title, then status when an agent is involved, what changed, and a needed review. */
export function cardLabel(task: Task): string {
  const parts = [task.title];
  const state = taskState({ task });
  if (state.label !== 'Idle') parts.push(state.label);
  if (task.changes && task.changes.files > 0) parts.push(changesLabel(task.changes));
  if (task.needsReview) parts.push('needs review');
  if (task.createdBy) parts.push(`created by session ${task.createdBy.sessionId}`);
  return parts.join(', ');
}
