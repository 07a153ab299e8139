// Remote runs of one workspace folder: dispatch a task to the workflow, record what the poller
// learns on the run's record and on the card, cancel, and — once the run completes — settle it:
// replay the session artifact, link the pull request, fetch the branch into a task worktree and
// move the card on as a local run would. The VS Code window and the `viban` command both use it.
import type { BoardService } from '../board/boardService';
import type { CardStatus } from '../sessions/taskStatus';
import type { Redactor } from '../secrets/redactor';
import type { GitHubApi, WorkflowJob, WorkflowRun } from './githubApi';
import { readArtifact, replaySession } from './artifactReplay';
import { fetchRunBranch } from './branchFetch';
import { findGitHubRepo } from './githubRepo';
import { RemoteError, secretsMissing } from './remoteErrors';
import { newCorrelationId, type RemoteRun, RemoteRunStore } from '../store/remote/remoteRunStore';
import { cardLine, logTail, mainJob, progressOf } from './runProgress';
import { explainMissingWorkflow } from './workflowNotOnGitHub';
import { artifactName, DEFAULT_TIMEOUT_MINUTES, REMOTE_EXECUTORS, REMOTE_PERMISSION_MODES, STEP, type RemoteExecutorId } from './workflowTemplate';

export interface RemoteRunnerDeps {
  root: string;
  board: BoardService;
  redactor: Redactor;
  /** The API client for this folder's repository (signs in lazily; throws a RemoteError when it cannot). */
  api: () => Promise<GitHubApi>;
  store?: RemoteRunStore;
  /** Column ids a card moves to when its run starts / succeeds (as local runs). */
  flow?: () => { runStarted?: string; runSucceeded?: string };
  /** Environment for git (tests). */
  gitEnv?: NodeJS.ProcessEnv;
  worktreeLocation?: () => string | undefined;
  timeoutMinutes?: number;
  /** How long a dispatched run may take to appear in the runs list before it is given up. */
  findTimeoutMs?: number;
}

export interface DispatchOptions {
  taskId: string;
  executorId: string;
  model?: string;
  permissionMode: string;
  baseBranch?: string;
}

type Listener = (run: RemoteRun) => void;

export class RemoteRunner {
  readonly store: RemoteRunStore;
  private readonly listeners = new Set<Listener>();

  constructor(readonly deps: RemoteRunnerDeps) {
    this.store = deps.store ?? new RemoteRunStore(deps.root);
  }

  onChange(listener: Listener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(run: RemoteRun): void {
    for (const l of this.listeners) l(run);
  }

  async dispatch(opts: DispatchOptions): Promise<RemoteRun> {
    const task = this.deps.board.current.board.tasks.find((t) => t.id === opts.taskId);
    if (!task) throw new Error(`There is no task "${opts.taskId}" on this board.`);
    if (!(opts.executorId in REMOTE_EXECUTORS)) {
      throw new Error(`${opts.executorId} cannot run on GitHub Actions; choose one of ${Object.keys(REMOTE_EXECUTORS).join(', ')}.`);
    }
    if (!(REMOTE_PERMISSION_MODES as readonly string[]).includes(opts.permissionMode)) {
      throw new Error(`Nobody can answer the agent's questions on a GitHub runner, so "${opts.permissionMode}" cannot be used there; choose ${REMOTE_PERMISSION_MODES.join(', ')}.`);
    }
    const busy = (await this.store.list({ taskId: task.id })).find((r) => r.state !== 'completed');
    if (busy) throw new Error(`"${task.title}" already runs on GitHub Actions${busy.runUrl ? ` (${busy.runUrl})` : ''}; cancel it or wait for it to finish.`);
    const api = await this.deps.api();
    await api.getWorkflow().catch(async (err) => {
      throw err instanceof RemoteError ? await explainMissingWorkflow(err, this.deps.root, await api.defaultBranch().catch(() => undefined), this.deps.gitEnv) : err;
    });
    const baseBranch = opts.baseBranch || (await api.defaultBranch());
    const now = new Date().toISOString();
    const id = newCorrelationId();
    let record = await this.store.upsert(id, () => ({
      id,
      taskId: task.id,
      provider: 'github',
      owner: api.target.owner,
      repo: api.target.repo,
      baseBranch,
      executorId: opts.executorId,
      model: opts.model || undefined,
      permissionMode: opts.permissionMode,
      state: 'dispatched',
      timeoutMinutes: this.deps.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES,
      dispatchedAt: now,
      updatedAt: now,
    }));
    try {
      await api.dispatch(baseBranch, {
        task_id: task.id,
        title: task.title,
        prompt: task.description,
        executor: opts.executorId,
        model: opts.model ?? '',
        permission_mode: opts.permissionMode,
        base_branch: baseBranch,
        correlation_id: id,
      });
    } catch (err) {
      const message = err instanceof RemoteError ? err.full : (err as Error).message;
      await this.store.patch(id, { state: 'completed', outcome: 'failed', error: message, completedAt: new Date().toISOString(), settledAt: new Date().toISOString() });
      throw err;
    }
    await this.card(task.id, { agentStatus: 'queued', agentStatusMessage: cardLine(record) }, { executorId: opts.executorId });
    await this.moveCard(task.id, this.deps.flow?.().runStarted);
    this.emit(record);
    return record;
  }

  /** Cancels the task's (or the given) remote run; before the run appears, the cancel waits for it. */
  async cancel(idOrTask: string): Promise<RemoteRun> {
    const runs = await this.store.list();
    const record = runs.find((r) => r.id === idOrTask) ?? runs.filter((r) => r.taskId === idOrTask && r.state !== 'completed').pop();
    if (!record || record.state === 'completed') throw new Error(`There is no remote run in progress for "${idOrTask}".`);
    const patched = await this.store.patch(record.id, { cancelRequested: true });
    if (patched.runId) await (await this.deps.api()).cancelRun(patched.runId);
    this.emit(patched);
    return patched;
  }

  /** The run appeared, or moved on: record it and show it on the card. */
  async progress(record: RemoteRun, run: WorkflowRun, jobs: WorkflowJob[] | undefined): Promise<RemoteRun> {
    const p = progressOf(run, jobs, record);
    const same = record.runId === run.id && record.state === p.state && JSON.stringify(record.step) === JSON.stringify(p.step);
    if (same) return record;
    const patch = { runId: run.id, runUrl: run.htmlUrl, state: p.state === 'completed' ? record.state : p.state, step: p.step };
    if (!record.runId && record.cancelRequested) await (await this.deps.api()).cancelRun(run.id);
    // The card first, then the record: whoever reads the record sees a card that already says it.
    const shown = { ...record, ...patch };
    if (shown.state !== 'completed') await this.card(record.taskId, { agentStatus: shown.state === 'queued' ? 'queued' : 'executing', agentStatusMessage: cardLine(shown) });
    const next = await this.store.patch(record.id, patch);
    this.emit(next);
    return next;
  }

  /** A run that never showed up in the list: given up with a clear error. */
  async notFound(record: RemoteRun): Promise<RemoteRun> {
    const error = 'the dispatched run never appeared in the workflow\'s runs; check the Actions tab of the repository (is Actions enabled, is the workflow disabled?)';
    return this.finish(record, { outcome: 'failed', error });
  }

  /** The run completed: explain a failure, replay the session, link the PR, fetch the branch, move the card. */
  async settle(record: RemoteRun, run: WorkflowRun, jobs: WorkflowJob[]): Promise<RemoteRun> {
    const api = await this.deps.api();
    const p = progressOf(run, jobs, record);
    const outcome = p.outcome ?? 'failed';
    let error: string | undefined;
    let tail: string | undefined;
    const job = mainJob(jobs);
    if (outcome === 'failed' && job) {
      tail = logTail(await api.jobLog(job.id).catch(() => ''));
      const failedStep = p.step?.name;
      if (failedStep === STEP.checkKey) {
        const secret = /secret (\S+(?: or \S+)?) is not set/.exec(tail)?.[1] ?? REMOTE_EXECUTORS[record.executorId as RemoteExecutorId]?.secrets.join(' or ');
        error = secretsMissing(record.owner, record.repo, `the repository secret ${secret} is not set.`, serverUrl(run.htmlUrl)).full;
      } else {
        error = `"${failedStep ?? 'a step'}" failed${tail ? `: ${tail.split('\n').pop()}` : ''}`;
      }
    }
    if (outcome === 'timed_out') error = `the job hit its ${record.timeoutMinutes ?? DEFAULT_TIMEOUT_MINUTES}-minute timeout`;
    let next = await this.store.patch(record.id, { runId: run.id, runUrl: run.htmlUrl, state: 'completed', step: p.step, outcome, error, logTail: tail, completedAt: record.completedAt ?? new Date().toISOString() });
    this.emit(next);

    const task = this.deps.board.current.board.tasks.find((t) => t.id === record.taskId);
    let sessionId: string | undefined;
    let prUrl: string | undefined;
    let branch: string | undefined;
    let worktree: { path: string; branch: string; base: string } | undefined;
    let cost: number | undefined;
    const problems: string[] = [];
    try {
      const artifact = (await api.listArtifacts(run.id)).find((a) => a.name === artifactName(record.id) && !a.expired);
      if (artifact) {
        const contents = readArtifact(await api.downloadArtifact(artifact.id), record.id);
        prUrl = contents.result?.prUrl;
        branch = contents.result?.branch;
        if (branch && task) {
          worktree = await fetchRunBranch({ root: this.deps.root, remote: (await this.remoteName()) ?? 'origin', branch, base: record.baseBranch, taskId: task.id, location: this.deps.worktreeLocation?.(), env: this.deps.gitEnv }).catch((err) => {
            problems.push(`the branch ${branch} could not be fetched: ${(err as Error).message.split('\n')[0]}`);
            return undefined;
          });
        }
        if (contents.session && task) {
          const meta = await replaySession(this.deps.root, task.id, worktree?.path ?? this.deps.root, contents.session, this.deps.redactor);
          sessionId = meta.id;
          cost = meta.costUsd;
        }
      } else if (outcome !== 'cancelled') {
        problems.push('the run uploaded no session artifact');
      }
    } catch (err) {
      problems.push((err instanceof RemoteError ? err.full : (err as Error).message).split('\n')[0]);
    }
    next = { ...next, sessionId, prUrl, branch, ...(problems.length && !error && { error: problems.join('; ') }) };
    if (task) {
      const status: CardStatus =
        outcome === 'succeeded'
          ? { agentStatus: 'done', agentStatusMessage: `GitHub Actions: succeeded${prUrl ? '' : branch ? '' : ' (no changes)'}` }
          : outcome === 'cancelled'
            ? { agentStatus: 'idle', agentStatusMessage: 'GitHub Actions: cancelled' }
            : { agentStatus: 'error', agentStatusMessage: cardLine(next) };
      await this.card(task.id, status, {
        ...(sessionId && { lastSessionId: sessionId }),
        ...(prUrl && { prUrl }),
        ...(worktree && { worktree }),
        ...(cost !== undefined && { costUsd: (task.costUsd ?? 0) + cost }),
      });
      if (outcome === 'succeeded') await this.moveCard(task.id, this.deps.flow?.().runSucceeded);
    }
    // Settled last: the card already shows everything when the record says the run needs nothing more.
    next = await this.store.patch(record.id, { sessionId, prUrl, branch, error: next.error, settledAt: new Date().toISOString() });
    this.emit(next);
    return next;
  }

  private async finish(record: RemoteRun, patch: Pick<RemoteRun, 'outcome' | 'error'>): Promise<RemoteRun> {
    const now = new Date().toISOString();
    await this.card(record.taskId, { agentStatus: 'error', agentStatusMessage: cardLine({ ...record, ...patch, state: 'completed' }) });
    const next = await this.store.patch(record.id, { ...patch, state: 'completed', completedAt: now, settledAt: now });
    this.emit(next);
    return next;
  }

  private async remoteName(): Promise<string | undefined> {
    return (await findGitHubRepo(this.deps.root, { env: this.deps.gitEnv }).catch(() => undefined))?.remote;
  }

  private async card(taskId: string, status: CardStatus, extra: Record<string, unknown> = {}): Promise<void> {
    if (!this.deps.board.current.board.tasks.some((t) => t.id === taskId)) return;
    await this.deps.board.patchTaskAgent(taskId, { ...status, ...extra }).catch(() => undefined);
  }

  private async moveCard(taskId: string, columnId: string | undefined): Promise<void> {
    const board = this.deps.board.current.board;
    const task = board.tasks.find((t) => t.id === taskId);
    if (!columnId || !task || task.columnId === columnId || !board.columns.some((c) => c.id === columnId)) return;
    await this.deps.board.moveTask(taskId, columnId, Number.MAX_SAFE_INTEGER).catch(() => undefined);
  }
}

function serverUrl(htmlUrl: string): string {
  try {
    return new URL(htmlUrl).origin;
  } catch {
    return 'https://github.com';
  }
}
