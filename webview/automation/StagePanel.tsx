// In a task's detail: the stage run of its column (steps, each gate ✓/✗ with its message,
// artifacts that open in the editor or the browser, Start / Cancel / Retry) and the card's history.
import { useEffect } from 'preact/hooks';
import type { Column, Task } from '../../src/protocol/model';
import type { StageRun } from '../../src/protocol/automation';
import { Button } from '../ui/Button';
import { useAutomation } from './automationContext';
import { LEVEL_LABEL, runIcon, runStateText } from './stageText';

export function StagePanel({ task, columns, trusted }: { task: Task; columns: readonly Column[]; trusted: boolean }) {
  const hub = useAutomation();
  useEffect(() => hub?.watchHistory(task.id), [hub, task.id, task.columnId]);
  if (!hub) return null;
  const recipe = hub.snapshot?.recipes[task.columnId];
  const history = hub.history?.taskId === task.id ? hub.history : null;
  const live = hub.runsFor(task.id).find((r) => r.columnId === task.columnId);
  const title = (id: string | undefined) => columns.find((c) => c.id === id)?.title ?? id ?? '';
  if (!recipe && !live && !history?.events.length) return null;
  return (
    <div class="detail-section stage-panel" aria-label="Stage automation">
      <div class="detail-section-header">
        <h3>Stage</h3>
        {recipe && <span class="card-badge">{LEVEL_LABEL[recipe.automationLevel]}</span>}
      </div>
      {live ? <RunView run={live} trusted={trusted} /> : recipe && <p class="muted">No run of this column's recipe for this card yet.</p>}
      {hub.lastError && <p class="stage-error" role="alert">{hub.lastError}</p>}
      {history && history.events.length > 0 && (
        <details class="stage-history">
          <summary>History ({history.events.length})</summary>
          <ol>
            {[...history.events].reverse().map((e) => (
              <li key={`${e.ts}-${e.to}`}>
                <span class="muted">{new Date(e.ts).toLocaleString()}</span> {title(e.from)} → {title(e.to)} · {e.by.kind === 'run' ? `run ${e.by.id}` : e.by.kind}
                {e.why ? ` · ${e.why}` : ''}
              </li>
            ))}
          </ol>
        </details>
      )}
    </div>
  );
}

function RunView({ run, trusted }: { run: StageRun; trusted: boolean }) {
  const hub = useAutomation()!;
  const act = (action: 'start' | 'cancel' | 'retry') => void hub.request({ type: 'stageRunAction', runId: run.id, action });
  const live = run.status === 'queued' || run.status === 'running';
  return (
    <div class={`stage-run stage-${run.status}`} data-run-id={run.id}>
      <div class="stage-run-head">
        <i class={`codicon codicon-${runIcon[run.status]}${run.status === 'running' ? ' codicon-modifier-spin' : ''}`} aria-hidden="true" />
        <strong>{runStateText(run)}</strong>
        <span class="muted">
          {run.id} · by {run.triggeredBy.kind}
        </span>
      </div>
      <div class="form-actions">
        {run.status === 'queued' && run.awaitingApproval && (
          <Button disabled={!trusted} onClick={() => act('start')}>
            Start
          </Button>
        )}
        {live && (
          <Button appearance="secondary" onClick={() => act('cancel')}>
            Cancel run
          </Button>
        )}
        {!live && (
          <Button appearance="secondary" disabled={!trusted} onClick={() => act('retry')}>
            Retry
          </Button>
        )}
      </div>
      {run.steps.length > 0 && (
        <ol class="stage-steps">
          {run.steps.map((s, i) => (
            <li key={i} class={`step-${s.status}`}>
              {s.skill}: {s.status}
              {s.attempts > 1 ? ` (${s.attempts} attempts)` : ''}
              {s.error ? <span class="muted"> — {s.error}</span> : null}
            </li>
          ))}
        </ol>
      )}
      {run.gates.length > 0 && (
        <ul class="stage-gates" aria-label="Gates">
          {run.gates.map((g) => (
            <li key={g.id} class={g.passed ? 'gate-pass' : 'gate-fail'}>
              <i class={`codicon codicon-${g.passed ? 'check' : 'close'}`} aria-label={g.passed ? 'passed' : 'failed'} />
              <span class="gate-name">{g.name}</span>
              {!g.required && <span class="muted"> (optional)</span>}
              <div class="gate-message">{g.message}</div>
            </li>
          ))}
        </ul>
      )}
      {run.artifacts.length > 0 && (
        <ul class="stage-artifacts" aria-label="Artifacts">
          {run.artifacts.map((a, i) => (
            <li key={i}>
              <a
                href="#"
                onClick={(e) => {
                  e.preventDefault();
                  hub.openArtifact(run.id, i);
                }}
              >
                <i class={`codicon codicon-${a.type === 'file' ? 'file' : a.type === 'pr' ? 'git-pull-request' : 'link-external'}`} aria-hidden="true" /> {a.label}
              </a>
            </li>
          ))}
        </ul>
      )}
      {run.outcome && <p class="stage-outcome">{run.outcome}</p>}
      {!run.outcome && run.error && <p class="stage-error">{run.error}</p>}
    </div>
  );
}
