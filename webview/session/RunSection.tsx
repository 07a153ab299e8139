// The Run button and the confirmation card it opens. When the user said "don't ask again" for
// the default agent, Run starts at once with the defaults.
import { useState } from 'preact/hooks';
import type { Task } from '../../src/protocol/model';
import { isLive } from '../../src/protocol/sessions';
import { isLiveRemoteLine } from '../../src/protocol/remote';
import { Button } from '../ui/Button';
import { useHub } from './hubContext';
import { RunConfirmation, type RunChoice } from './RunConfirmation';
import { defaultBase, defaultExecutor, isUsable, placement, refusesFullAuto, resolveIsolation } from './runText';

export interface RunSectionProps {
  task: Task;
  trusted: boolean;
  folderName: string;
}

export function RunSection({ task, trusted, folderName }: RunSectionProps) {
  const hub = useHub('state');
  const [open, setOpen] = useState(false);
  const [starting, setStarting] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const running = hub.sessions.find((s) => isLive(s.status));
  const remoteLive = isLiveRemoteLine(task.agentStatusMessage, task.agentStatus);
  const [cancelling, setCancelling] = useState(false);

  const cancelRemote = () => {
    setCancelling(true);
    hub.request({ type: 'cancelRemote', taskId: task.id }, (reply) => {
      setCancelling(false);
      if (!reply.ok) setError(reply.error ?? 'The run on GitHub could not be cancelled.');
    });
  };

  const setUpRemote = () => {
    hub.request({ type: 'initRemote' }, (reply) => {
      if (!reply.ok) setError(reply.error ?? 'The workflow could not be written.');
    });
  };

  const start = (choice: RunChoice, done: (error?: string) => void) => {
    if (choice.skipNextTime) hub.setSkipConfirmation(choice.executorId, true);
    hub.request(
      {
        type: 'startRun',
        taskId: task.id,
        executorId: choice.executorId,
        permissionMode: choice.permissionMode,
        ...(choice.model && { model: choice.model }),
        isolation: choice.isolation,
        ...(choice.baseBranch && { baseBranch: choice.baseBranch }),
      },
      (reply) => {
        if (!reply.ok) return done(reply.error ?? 'The agent did not start.');
        if (reply.sessionId) hub.showSession(reply.sessionId);
        setOpen(false);
        done();
      },
    );
  };

  const onRun = () => {
    setError(null);
    const config = hub.runConfig;
    const executor = hub.executors ? defaultExecutor(hub.executors, config, task.executorId) : undefined;
    const mode = config?.defaultPermissionMode ?? 'ask';
    if (executor && config?.skipConfirmation.includes(executor.id) && isUsable(executor) && !refusesFullAuto(executor.id, mode, config)) {
      setStarting(true);
      const where = placement(task, resolveIsolation(task, config, null), defaultBase(config));
      start({ executorId: executor.id, permissionMode: mode, model: executor.defaultModel, skipNextTime: false, ...where }, (err) => {
        setStarting(false);
        setError(err ?? null);
      });
      return;
    }
    hub.detectExecutors();
    setOpen(true);
  };

  return (
    <div class="run-section">
      <div class="run-row">
        <Button
          className="run-button"
          disabled={!trusted || open || starting || Boolean(running) || remoteLive}
          title={running ? `${running.executorLabel} is already working on this task` : undefined}
          onClick={onRun}
        >
          <i slot="start" class="codicon codicon-play" aria-hidden="true" />
          {starting ? 'Starting…' : 'Run'}
        </Button>
        {!trusted && <span class="muted run-hint">Agents don't run in Restricted Mode. Trust this workspace to run this task.</span>}
        {trusted && running && <span class="muted run-hint">{running.executorLabel} is working on this task.</span>}
        {remoteLive && (
          <Button appearance="secondary" className="remote-cancel" disabled={cancelling} onClick={cancelRemote}>
            <i slot="start" class="codicon codicon-debug-stop" aria-hidden="true" />
            {cancelling ? 'Cancelling…' : 'Cancel on GitHub'}
          </Button>
        )}
      </div>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      {open && trusted && (
        <RunConfirmation
          task={task}
          executors={hub.executors}
          runConfig={hub.runConfig}
          folderName={folderName}
          onStart={start}
          onCancel={() => setOpen(false)}
          onSetUpRemote={setUpRemote}
        />
      )}
    </div>
  );
}
