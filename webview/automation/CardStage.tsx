// The stage-run line on a card: the latest run of the card's current column (state, gates), and
// Start for a run that waits for approval. Its own subscription, so a run's progress re-renders
// this line only, not the board.
import type { Task } from '../../src/protocol/model';
import { useAutomation } from './automationContext';
import { runIcon, runStateText } from './stageText';

export function CardStage({ task }: { task: Task }) {
  const hub = useAutomation();
  const run = hub?.runsFor(task.id).find((r) => r.columnId === task.columnId);
  if (!hub || !run) return null;
  const spin = run.status === 'running' ? ' codicon-modifier-spin' : '';
  return (
    <div class={`card-stage stage-${run.status}`} data-run-id={run.id}>
      <i class={`codicon codicon-${runIcon[run.status]}${spin}`} aria-hidden="true" />
      <span>{runStateText(run)}</span>
      {run.status === 'queued' && run.awaitingApproval && (
        <button
          type="button"
          class="card-stage-start"
          onClick={(e) => {
            // The card itself opens the detail on click: this button only starts the run.
            e.stopPropagation();
            void hub.request({ type: 'stageRunAction', runId: run.id, action: 'start' });
          }}
        >
          Start
        </button>
      )}
    </div>
  );
}
