// The confirmation card's "Change" section: executor, model and permission mode. Plain radio
// inputs (not a dropdown) so an executor that cannot run stays visible, disabled, with its reason.
import type { ExecutorInfo } from '../../src/protocol/messages';
import { TextField } from '../ui/TextField';
import { PERMISSION_MODES, isUsable, modeHint, modeTitle, unusableReason, type PermissionMode } from './runText';

export interface RunPickersProps {
  executors: readonly ExecutorInfo[];
  executorId: string;
  model: string;
  mode: PermissionMode;
  idPrefix: string;
  onExecutor: (id: string) => void;
  onModel: (model: string) => void;
  onMode: (mode: PermissionMode) => void;
}

export function RunPickers({ executors, executorId, model, mode, idPrefix, onExecutor, onModel, onMode }: RunPickersProps) {
  const executor = executors.find((e) => e.id === executorId);
  return (
    <div class="run-pickers">
      <fieldset class="run-field">
        <legend>Agent</legend>
        <div role="radiogroup" aria-label="Agent" class="run-options">
          {executors.map((e) => {
            const reason = unusableReason(e);
            const id = `${idPrefix}-executor-${e.id}`;
            return (
              <div key={e.id} class={reason ? 'run-option disabled' : 'run-option'}>
                <input
                  type="radio"
                  id={id}
                  name={`${idPrefix}-executor`}
                  value={e.id}
                  checked={e.id === executorId}
                  disabled={!isUsable(e)}
                  aria-describedby={reason ? `${id}-reason` : undefined}
                  onChange={() => onExecutor(e.id)}
                />
                <label for={id}>
                  {e.label}
                  {e.version && <span class="muted"> {e.version}</span>}
                </label>
                {reason && (
                  <div class="run-option-reason" id={`${id}-reason`}>
                    {reason}
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
