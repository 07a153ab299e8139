// The confirmation card (DESIGN §1.3): an inline card that says in plain words what a run will do,
// and where (its own git worktree, or the workspace), and waits for Start. Change reveals the
// agent, model and permission pickers.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { ExecutorInfo, RunConfig } from '../../src/protocol/messages';
import type { Task } from '../../src/protocol/model';
import { isBoolean, usePersistedState } from '../host/usePersistedState';
import { InlineMarkdown } from '../ui/Markdown';
import { Button } from '../ui/Button';
import { RunPickers, WherePicker } from './RunPickers';
import {
  defaultBase, defaultExecutor, isUsable, placePhrase, placement, refusesFullAuto, resolveIsolation, runSentence, unusableReason, type Isolation, type PermissionMode,
} from './runText';

export interface RunChoice {
  executorId: string;
  permissionMode: PermissionMode;
  model?: string;
  skipNextTime: boolean;
  isolation: Isolation;
  /** Only for a new worktree: the branch it starts from. */
  baseBranch?: string;
}

export interface RunConfirmationProps {
  task: Task;
  executors: readonly ExecutorInfo[] | null;
  runConfig: RunConfig | null;
  folderName: string;
  onStart: (choice: RunChoice, done: (error?: string) => void) => void;
  onCancel: () => void;
  /** Write the GitHub Actions workflow (the host previews it and asks first). */
  onSetUpRemote?: () => void;
}

export function RunConfirmation({ task, executors, runConfig, folderName, onStart, onCancel, onSetUpRemote }: RunConfirmationProps) {
  const initial = executors ? defaultExecutor(executors, runConfig, task.executorId) : undefined;
  const [executorId, setExecutorId] = useState<string | null>(initial?.id ?? null);
  const [model, setModel] = useState<string | null>(null);
  const [mode, setMode] = useState<PermissionMode>(runConfig?.defaultPermissionMode ?? 'ask');
  const [changing, setChanging] = useState(false);
  // null: not chosen, so follow the defaults (runConfig arrives after the card opens).
  const [isolationChoice, setIsolation] = useState<Isolation | null>(null);
  const [baseChoice, setBase] = useState<string | null>(null);
  const [skip, setSkip] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [acknowledged, setAcknowledged] = usePersistedState('fullAutoAcknowledged', false, isBoolean);
  const root = useRef<HTMLDivElement>(null);

  useEffect(() => root.current?.focus(), []);
  // Executors arrive after the card opens (detection runs then): pick the default once they do.
  useEffect(() => {
    if (executorId === null && executors?.length) setExecutorId(defaultExecutor(executors, runConfig, task.executorId)?.id ?? null);
  }, [executors]);

  const executor = executors?.find((e) => e.id === executorId);
  const chosenModel = model ?? executor?.defaultModel ?? '';
  const folder = runConfig?.workspaceFolder ?? folderName;
  const isolation = resolveIsolation(task, runConfig, isolationChoice);
  // On a runner the agent is installed by the workflow and nobody can answer "ask".
  const remote = isolation === 'github';
  const remoteRefusal = remote && executor && !runConfig?.remote?.executors.includes(executor.id) ? `${executor.label} cannot run on GitHub Actions; choose another agent.` : undefined;
  const effectiveMode: PermissionMode = remote && mode === 'ask' ? 'auto-edit' : mode;
  const reason = executor && !remote ? unusableReason(executor) : remoteRefusal;
  const rootRefusal = executor && !remote && refusesFullAuto(executor.id, mode, runConfig);
  const needsAck = mode === 'full-auto' && !acknowledged;
  const canStart = Boolean(executor && (remote ? !remoteRefusal : isUsable(executor))) && !rootRefusal && !needsAck && !busy;
  const base = baseChoice ?? defaultBase(runConfig);
  const idPrefix = `run-${task.id}`.replace(/[^\w-]/g, '_');

  const start = () => {
    if (!executor || !canStart) return;
    setBusy(true);
    setError(null);
    const m = chosenModel.trim();
    onStart({ executorId: executor.id, permissionMode: effectiveMode, ...(m && { model: m }), skipNextTime: skip, ...placement(task, isolation, base) }, (err) => {
      setBusy(false);
      if (err) setError(err);
    });
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape' && !e.defaultPrevented) {
      e.preventDefault();
      onCancel();
    }
  };

  return (
    <div class="run-card" role="group" aria-label="Confirm the run" tabIndex={-1} ref={root} onKeyDown={onKeyDown}>
      {!executors ? (
        <p class="run-sentence muted">
          <i class="codicon codicon-loading codicon-modifier-spin" aria-hidden="true" /> Looking for installed agents…
        </p>
      ) : !executor ? (
        <p class="run-sentence">No agents are available. Install Claude Code, Codex or Gemini CLI and try again.</p>
      ) : (
        <p class="run-sentence">
          {runSentence(executor.label, task.title, placePhrase(task, isolation, base, folder), chosenModel, effectiveMode)}
          {remote && mode === 'ask' && ' (Nobody can answer questions on a runner, so Ask first becomes Auto-edit there.)'}
        </p>
      )}

      {runConfig && (
        <WherePicker
          task={task}
          runConfig={runConfig}
          isolation={isolation}
          base={base}
          folder={folder}
          idPrefix={idPrefix}
          onIsolation={setIsolation}
          onBase={setBase}
          onSetUpRemote={onSetUpRemote}
        />
      )}

      {reason && (
        <p class="run-warning" role="alert">
          <i class="codicon codicon-warning" aria-hidden="true" /> <InlineMarkdown source={reason} />
        </p>
      )}
      {rootRefusal && (
        <p class="run-warning run-root" role="alert">
          <i class="codicon codicon-warning" aria-hidden="true" /> Claude Code refuses Full auto when VS Code runs as root. Choose Auto-edit instead: it may edit files and
          asks before running commands.{' '}
          <button type="button" class="link-button" onClick={() => setMode('auto-edit')}>
            Use Auto-edit
          </button>
        </p>
      )}
      {mode === 'full-auto' && !acknowledged && !rootRefusal && (
        <div class="run-warning run-full-auto" role="alert">
          <p>
            <i class="codicon codicon-warning" aria-hidden="true" /> Full auto lets the agent edit any file and run any command in {folder} without asking
            you first. Use it only on work you can review and undo (for example, with git).
          </p>
          <Button appearance="secondary" onClick={() => setAcknowledged(true)}>
            I understand
          </Button>
        </div>
      )}

      {changing && executors && executor && (
        <RunPickers
          executors={executors}
          executorId={executor.id}
          model={chosenModel}
          mode={mode}
          idPrefix={idPrefix}
          onExecutor={(id) => {
            setExecutorId(id);
            setModel(null);
          }}
          onModel={setModel}
          onMode={setMode}
          remoteExecutors={remote ? runConfig?.remote?.executors : undefined}
        />
      )}

      {executor && (
        <label class="run-skip">
          <input type="checkbox" checked={skip} onChange={(e) => setSkip((e.currentTarget as HTMLInputElement).checked)} />
          Don't ask again for {executor.label}
        </label>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <div class="run-actions">
        <Button disabled={!canStart} onClick={start}>
          {busy ? 'Starting…' : 'Start'}
        </Button>
        {!changing && (
          <Button appearance="secondary" disabled={!executors?.length} onClick={() => setChanging(true)}>
            Change
          </Button>
        )}
        <Button appearance="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </div>
  );
}
