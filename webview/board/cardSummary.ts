// What a card shows of a task, computed without markdown rendering (cards must stay cheap).
import type { AgentStatus, Task } from '../../src/protocol/model';

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

export function formatCost(usd: number): string {
  return `$${usd.toFixed(2)}`;
}

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

/** The card's accessible name: title, then status when an agent is involved. */
export function cardLabel(task: Task): string {
  return task.agentStatus && task.agentStatus !== 'idle' ? `${task.title}, ${statusLabel[task.agentStatus]}` : task.title;
}
