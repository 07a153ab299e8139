// The task's one status in its detail header: the same derivation (src/protocol/taskState.ts) as
// the card and the status bar, fed with what this view knows first — the task's pending questions
// and its latest session — so the header never says "Thinking" under a "Waiting for you" card.
import type { Task } from '../../src/protocol/model';
import { taskState } from '../../src/protocol/taskState';
import { statusIcon } from '../board/cardSummary';
import { useHub } from './hubContext';

export function TaskStatusBadge({ task }: { task: Task }) {
  const hub = useHub('state');
  const state = taskState({
    task,
    session: hub.sessions.find((s) => s.id === task.lastSessionId),
    waitingOn: hub.approvalsForTask(task.id).map((a) => a.toolName),
  });
  if (state.status === 'idle' && state.label === 'Idle') return null;
  return (
    <span class="task-status" role="status" aria-label={`Status: ${state.label}${state.detail ? `, ${state.detail}` : ''}`}>
      <span class={`card-badge status-${state.status}`}>
        <i class={`codicon codicon-${statusIcon[state.status]}`} aria-hidden="true" />
        {state.label}
      </span>
      {state.detail && <span class="muted task-status-detail">{state.detail}</span>}
    </span>
  );
}
