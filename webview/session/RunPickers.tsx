// The confirmation card's pickers: "Where" (always shown), and under "Change" the executor, model
// and permission mode. Plain radio inputs (not a dropdown) so a choice that cannot be used stays
// visible, disabled, with its reason.
import type { ExecutorInfo, RunConfig } from '../../src/protocol/messages';
import type { Task } from '../../src/protocol/model';
import { InlineMarkdown } from '../ui/Markdown';
import { Dropdown } from '../ui/Dropdown';
import { TextField } from '../ui/TextField';
import { PERMISSION_MODES, canIsolate, isUsable, modeHint, modeTitle, noWorktreeReason, unusableReason, type Isolation, type PermissionMode } from './runText';

export interface RunPickersProps {
  executors: readonly ExecutorInfo[];
  executorId: string;
  model: string;
  mode: PermissionMode;
  idPrefix: string;
  onExecutor: (id: string) => void;
  onModel: (model: string) => void;
  onMode: (mode: PermissionMode) => void;
  /** On GitHub Actions: the agents a runner installs itself (none has to be installed here). */
  remoteExecutors?: readonly string[];
}

export function RunPickers({ executors, executorId, model, mode, idPrefix, onExecutor, onModel, onMode, remoteExecutors }: RunPickersProps) {
  const executor = executors.find((e) => e.id === executorId);
  return (
    <div class="run-pickers">
      <fieldset class="run-field">
        <legend>Agent</legend>
        <div role="radiogroup" aria-label="Agent" class="run-options">
          {executors.map((e) => {
            const reason = remoteExecutors ? (remoteExecutors.includes(e.id) ? undefined : 'A GitHub runner cannot install this agent.') : unusableReason(e);
            const id = `${idPrefix}-executor-${e.id}`;
            return (
              <div key={e.id} class={reason ? 'run-option disabled' : 'run-option'}>
                <input
                  type="radio"
                  id={id}
                  name={`${idPrefix}-executor`}
                  value={e.id}
                  checked={e.id === executorId}
                  disabled={remoteExecutors ? Boolean(reason) : !isUsable(e)}
                  aria-describedby={reason ? `${id}-reason` : undefined}
                  onChange={() => onExecutor(e.id)}
                />
                <label for={id}>
                  {e.label}
                  {e.version && <span class="muted"> {e.version}</span>}
                </label>
                {reason && (
                  <div class="run-option-reason" id={`${id}-reason`}>
                    <InlineMarkdown source={reason} />
                  </div>
                )}
              </div>
            );
          })}
        </div>
      </fieldset>

      <div class="run-field">
        <label class="run-label" id={`${idPrefix}-model-label`}>
          Model
        </label>
        <TextField
          className="run-model"
          value={model}
          onInput={onModel}
          ariaLabel="Model (empty for the default model)"
          placeholder={executor?.defaultModel ? `Default: ${executor.defaultModel}` : 'The default model'}
        />
        {executor && executor.models.length > 0 && (
          <div class="run-suggestions" role="group" aria-label="Suggested models">
            {executor.models.map((m) => (
              <button type="button" key={m} class={m === model ? 'run-chip selected' : 'run-chip'} aria-pressed={m === model} onClick={() => onModel(m)}>
                {m}
              </button>
            ))}
          </div>
        )}
      </div>

      <fieldset class="run-field">
        <legend>Permissions</legend>
        <div role="radiogroup" aria-label="Permissions" class="run-options">
          {PERMISSION_MODES.map((m) => {
            const id = `${idPrefix}-mode-${m}`;
            return (
              <div key={m} class="run-option">
                <input type="radio" id={id} name={`${idPrefix}-mode`} value={m} checked={m === mode} onChange={() => onMode(m)} />
                <label for={id}>
                  <strong>{modeTitle[m]}</strong> — {modeHint[m]}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export interface WherePickerProps {
  task: Task;
  runConfig: RunConfig | null;
  isolation: Isolation;
  base: string | undefined;
  folder: string;
  idPrefix: string;
  onIsolation: (isolation: Isolation) => void;
  onBase: (branch: string) => void;
  /** Offer to write the workflow (the host shows it first). */
  onSetUpRemote?: () => void;
}

/** Where the agent works: its own git worktree on a new branch from a base, or the workspace itself. */
export function WherePicker({ task, runConfig, isolation, base, folder, idPrefix, onIsolation, onBase, onSetUpRemote }: WherePickerProps) {
  if (task.worktree) {
    return (
      <div class="run-field run-where">
        <div class="run-label">Where</div>
        <p class="run-where-existing">
          <i class="codicon codicon-git-branch" aria-hidden="true" /> It continues in its worktree on <strong>{task.worktree.branch}</strong> (from{' '}
          {task.worktree.base}), in {task.worktree.path}.
        </p>
      </div>
    );
  }
  const isolate = canIsolate(runConfig);
  const branches = runConfig?.git?.branches ?? [];
  const wtId = `${idPrefix}-where-worktree`;
  const wsId = `${idPrefix}-where-workspace`;
  return (
    <fieldset class="run-field run-where">
      <legend>Where</legend>
      <div role="radiogroup" aria-label="Where" class="run-options">
        <div class={isolate ? 'run-option' : 'run-option disabled'}>
          <input
            type="radio"
            id={wtId}
            name={`${idPrefix}-where`}
            value="worktree"
            checked={isolation === 'worktree'}
            disabled={!isolate}
            aria-describedby={isolate ? undefined : `${wtId}-reason`}
            onChange={() => onIsolation('worktree')}
          />
          <span class="run-where-worktree">
            <label for={wtId}>Its own git worktree on a new branch{base ? ' from' : ''}</label>
            {base &&
              (branches.length > 1 ? (
                <Dropdown
                  className="run-base"
                  ariaLabel="Base branch for the new worktree"
                  value={base}
                  options={branches.map((b) => ({ value: b, label: b }))}
                  onChange={(branch) => {
                    onBase(branch);
                    onIsolation('worktree');
                  }}
                />
              ) : (
                <strong>{base}</strong>
              ))}
          </span>
          {!isolate && (
            <div class="run-option-reason" id={`${wtId}-reason`}>
              <InlineMarkdown source={noWorktreeReason(runConfig)} />
            </div>
          )}
        </div>
        <div class="run-option">
          <input type="radio" id={wsId} name={`${idPrefix}-where`} value="workspace" checked={isolation === 'workspace'} onChange={() => onIsolation('workspace')} />
          <label for={wsId}>
            This workspace <span class="muted">({folder})</span>
          </label>
        </div>
        {runConfig?.remote && <RemoteOption remote={runConfig.remote} isolation={isolation} idPrefix={idPrefix} onIsolation={onIsolation} onSetUp={onSetUpRemote} />}
      </div>
    </fieldset>
  );
}

/** "Run on GitHub Actions": a runner does the work and opens a pull request; set-up offered when the workflow is missing. */
function RemoteOption({ remote, isolation, idPrefix, onIsolation, onSetUp }: { remote: NonNullable<RunConfig['remote']>; isolation: Isolation; idPrefix: string; onIsolation: (i: Isolation) => void; onSetUp?: () => void }) {
  const id = `${idPrefix}-where-github`;
  const usable = Boolean(remote.repo && remote.workflow !== 'missing' && remote.workflow !== 'unknown');
  return (
    <div class={usable ? 'run-option' : 'run-option disabled'}>
      <input type="radio" id={id} name={`${idPrefix}-where`} value="github" checked={isolation === 'github'} disabled={!usable} aria-describedby={usable ? undefined : `${id}-reason`} onChange={() => onIsolation('github')} />
      <label for={id}>
        Run on GitHub Actions {remote.repo && <span class="muted">({remote.repo})</span>}
      </label>
      {!usable && (
        <div class="run-option-reason" id={`${id}-reason`}>
          {remote.reason && <InlineMarkdown source={remote.reason} />}{' '}
          {remote.repo && remote.workflow === 'missing' && onSetUp && (
            <button type="button" class="link-button" onClick={onSetUp}>
              Set up GitHub Actions…
            </button>
          )}
        </div>
      )}
    </div>
  );
}
