// Runs executors for tasks: one session per run, persisted as it streams, with live follow-ups,
// approvals and stop. The VS Code adapters and the `viban` command both drive this class.
import { newId } from '../store/ids';
import type { ApprovalDecision, ConversationTurn, LiveInput, PermissionMode, RunOutcome } from '../executors/types';
import { historyFromSessions } from '../executors/api/conversationHistory';
import type { LogEntry } from '../protocol/logEntries';
import { SESSION_SCHEMA_VERSION, isLive, type SessionMeta } from '../protocol/sessions';
import { isAlive } from '../process/liveness';
import { reapSession, sessionEnv } from '../process/reapSession';
import { ApprovalBroker } from './approvals';
import { assertNotRunningElsewhere } from './crossProcess/liveElsewhere';
import { watchStopRequests } from '../store/sessions/stopRequests';
import type { LogWriter } from '../store/sessions/logWriter';
import { promptWithProjectContext } from '../memory/runInstructions';
import { Coalescer, statusForEntry, type CardStatus } from './taskStatus';
import type { SessionEvents, SessionManagerDeps, StartOptions } from './sessionTypes';
import { recoverSessions } from './recoverSessions';

export type { ColumnFlow, SessionEvents, SessionManagerDeps, StartOptions } from './sessionTypes';

interface LiveRun {
  meta: SessionMeta;
  abort: AbortController;
  writer: LogWriter;
  input?: LiveInput;
  done: Promise<SessionMeta>;
  card: Coalescer<CardStatus>;
  /** Stops watching for another process's stop request (`viban stop`). */
  unwatchStop: () => void;
  /** Text of the last error entry, so the outcome's error is not logged twice. */
  lastError?: string;
  /** Another process settled this session (a rescue): we stop the agent and write nothing more. */
  fenced?: boolean;
}

export class SessionManager {
  private readonly runs = new Map<string, LiveRun>();
  /** Sessions started with columnFlow: false (stage steps): their success moves nothing. */
  private readonly noColumnFlow = new Set<string>();
  /** Tasks whose start is between its check and its run being registered. */
  private readonly starting = new Set<string>();
  readonly approvals: ApprovalBroker;
  private readonly listeners = new Set<Partial<SessionEvents>>();

  constructor(private readonly deps: SessionManagerDeps) {
    this.approvals = new ApprovalBroker(() => this.emit('approvals', this.approvals.pending()));
  }

  on(listener: Partial<SessionEvents>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get running(): SessionMeta[] {
    return [...this.runs.values()].map((r) => r.meta);
  }

  liveRunForTask(taskId: string): SessionMeta | undefined {
    return this.running.find((m) => m.taskId === taskId);
  }

  /** Starts a run and returns once the session exists on disk; the run continues in the background. */
  async start(opts: StartOptions): Promise<SessionMeta> {
    const task = this.deps.board.current.board.tasks.find((t) => t.id === opts.taskId);
    if (!task) throw new Error(`There is no task "${opts.taskId}" on this board.`);
    const executor = opts.executor ?? this.deps.executors.require(opts.executorId);
    if (this.liveRunForTask(task.id)) throw new Error(`"${task.title}" already has a running agent. Stop it or send it a message instead.`);
    if (opts.resumeFrom && !executor.capabilities.resume) throw new Error(`${executor.label} cannot resume an earlier session.`);
    const prompt = (opts.prompt ?? [task.title, task.description].filter(Boolean).join('\n\n')).trim();
    if (!prompt) throw new Error('There is nothing to send to the agent: the message is empty.');

    const now = this.now();
    let meta: SessionMeta = {
      schemaVersion: SESSION_SCHEMA_VERSION,
      id: opts.sessionId ?? newId('s'),
      taskId: task.id,
      executorId: executor.id,
      executorLabel: executor.label,
      status: 'running',
      prompt,
      cwd: opts.cwd ?? this.deps.root,
      model: opts.model,
      permissionMode: opts.permissionMode,
      ownerPid: process.pid,
      resumedFrom: opts.resumeFrom?.id,
      createdAt: now,
      startedAt: now,
      entryCount: 0,
    };
    // Check and create in one step under the sessions' lock: two processes starting the same
    // task at once would otherwise both see it idle and both run an agent.
    if (this.starting.has(task.id)) throw new Error(`"${task.title}" already has a running agent. Stop it or send it a message instead.`);
    this.starting.add(task.id);
    try {
      meta = await this.deps.store.withLock(async () => {
        await assertNotRunningElsewhere(this.deps.store, task.id);
        return this.deps.store.save(meta);
      });
    } catch (err) {
      this.starting.delete(task.id);
      throw err;
    }
    let writer: LogWriter;
    try {
      writer = await this.deps.store.openLog(meta.id, 0);
    } catch (err) {
      this.starting.delete(task.id);
      throw err;
    }
    const abort = new AbortController();
    // Coalesced so a fast stream does not flood the views; each flush is one small message.
    const card = new Coalescer<CardStatus>(300, async (s) => this.emit('cardStatus', task.id, s));
    const run: LiveRun = { meta, abort, writer, card, done: Promise.resolve(meta), unwatchStop: () => undefined };
    if (this.deps.acceptStopRequests !== false) run.unwatchStop = watchStopRequests(this.deps.root, meta.id, () => void this.stop(meta.id));
    this.runs.set(meta.id, run);
    this.starting.delete(task.id); // from here on liveRunForTask() sees it
    await this.deps.board.patchTaskAgent(task.id, {
      agentStatus: 'thinking',
      agentStatusMessage: opts.startingMessage ?? `Starting ${executor.label}…`,
      lastSessionId: meta.id,
      executorId: executor.id,
      // New work on the task: what was accepted before is history, not the task's state.
      accepted: undefined,
      ...(opts.worktree && { worktree: opts.worktree }),
    });
    if (opts.columnFlow === false) this.noColumnFlow.add(meta.id);
    else await this.moveCard(task.id, this.deps.flow?.().runStarted);
    this.emit('session', meta);

    run.done = this.execute(run, opts, prompt);
    return meta;
  }

  private async execute(run: LiveRun, opts: StartOptions, prompt: string): Promise<SessionMeta> {
    const executor = opts.executor ?? this.deps.executors.require(run.meta.executorId);
    let outcome: RunOutcome;
    let timedOut = false;
    const timer = opts.timeoutMs
      ? setTimeout(() => {
          timedOut = true;
          run.abort.abort();
        }, opts.timeoutMs)
      : undefined;
    try {
      // A resumed conversation already carries the project context from its first run.
      const context = opts.resumeFrom ? '' : await (this.deps.projectContext?.() ?? Promise.resolve('')).catch(() => '');
      const history = executor.kind === 'api' && opts.resumeFrom ? await this.taskHistory(run.meta.taskId, run.meta.id) : undefined;
      const mcpServers = executor.kind === 'cli' ? await this.deps.agentMcp?.({ sessionId: run.meta.id, permissionMode: opts.permissionMode }).catch(() => undefined) : undefined;
      // Stopped while the prompt was being put together: the agent is never started.
      outcome = run.abort.signal.aborted ? { status: 'stopped' } : await executor.run(
        {
          prompt: promptWithProjectContext(prompt, context),
          cwd: run.meta.cwd,
          model: opts.model,
          permissionMode: opts.permissionMode,
          resumeSessionId: opts.resumeFrom?.agentSessionId,
          // The tag lets a later process find every agent process of this run, should we die.
          env: { ...this.deps.env, ...sessionEnv(run.meta.id) },
          // API agents keep no session of their own: they get the task's earlier conversation.
          history,
          mcpServers,
        },
        {
          entry: (e) => this.append(run, e),
          backlog: () => run.writer.backlog,
          agentSessionId: (id) => void this.patchMeta(run, { agentSessionId: id }),
          pid: (pid) => this.recordPid(run, pid),
          requestApproval: (req) => this.askApproval(run, req),
        },
        run.abort.signal,
        (live) => (run.input = live),
      );
    } catch (err) {
      outcome = { status: 'failed', error: (err as Error).message };
    } finally {
      if (timer) clearTimeout(timer);
    }
    if (timedOut) outcome = { ...outcome, status: 'failed', error: `${run.meta.executorLabel} timed out after ${describeDuration(opts.timeoutMs!)} and was stopped.` };
    return this.finish(run, outcome);
  }

  private async askApproval(run: LiveRun, req: { requestId: string; toolName: string; input: unknown }): Promise<ApprovalDecision> {
    // Registered before anything awaits, so entries arriving meanwhile see the run as waiting.
    // The executor logs the decision it delivers (approval_response), like the turns it sends.
    const asked = this.approvals.ask({ ...req, sessionId: run.meta.id, taskId: run.meta.taskId });
    run.card.push(statusForEntry({ kind: 'approval_request', id: req.requestId, ts: this.now(), ...req })!);
    // A question is news at once, not at the next coalesced card update.
    await Promise.all([run.card.flushNow(), this.patchMeta(run, { status: 'waiting_for_user' })]);
    const decision = await asked;
    if (this.runs.has(run.meta.id)) await this.patchMeta(run, { status: 'running' });
    return decision;
  }

  private async taskHistory(taskId: string, exceptSessionId: string): Promise<ConversationTurn[]> {
    const logs: LogEntry[][] = [];
    for (const meta of await this.deps.store.list({ taskId })) {
      if (meta.id === exceptSessionId) continue;
      const entries: LogEntry[] = [];
      for await (const e of this.deps.store.readLog(meta.id)) entries.push(e);
      logs.push(entries);
    }
    return historyFromSessions(logs);
  }

  /** Sends a message to the task's agent: into the running process if it takes input, else resumes. */
  async followUp(taskId: string, text: string, opts: { permissionMode?: PermissionMode } = {}): Promise<SessionMeta> {
    const message = text.trim();
    if (!message) throw new Error('The message is empty.');
    const live = [...this.runs.values()].find((r) => r.meta.taskId === taskId);
    if (live?.input) {
      live.input.send(message); // the executor logs the user turn as it delivers it
      return live.meta;
    }
    if (live) throw new Error(`${live.meta.executorLabel} is still running and cannot take messages while it works. Wait for it or stop it.`);
    const previous = (await this.deps.store.list({ taskId })).reverse().find((m) => m.agentSessionId);
    if (!previous) throw new Error('This task has no earlier agent session to continue. Run it first.');
    return this.start({ taskId, executorId: previous.executorId, prompt: message, resumeFrom: previous, model: previous.model, permissionMode: opts.permissionMode ?? previous.permissionMode, cwd: previous.cwd });
  }

  /** Stops a run (graceful, then the executor escalates); resolves when it has ended. */
  async stop(sessionId: string): Promise<SessionMeta> {
    const run = this.runs.get(sessionId);
    if (!run) {
      const meta = await this.deps.store.get(sessionId);
      if (!meta) throw new Error(`There is no session "${sessionId}".`);
      return meta; // already finished
    }
    this.approvals.endSession(sessionId, 'The user stopped the session.');
    run.abort.abort();
    return run.done;
  }

  answerApproval(sessionId: string, requestId: string, decision: ApprovalDecision): void {
    this.approvals.answer(sessionId, requestId, decision);
  }

  /** Resolves once every entry this process logged for the session so far is on disk. */
  logSettled(sessionId: string): Promise<void> {
    return this.runs.get(sessionId)?.writer.settled() ?? Promise.resolve();
  }

  /** Waits for a run to end (tests, the headless command). */
  async wait(sessionId: string): Promise<SessionMeta> {
    return this.runs.get(sessionId)?.done ?? (await this.deps.store.get(sessionId))!;
  }

  private append(run: LiveRun, entry: LogEntry): void {
    // An executor may still report something (a late approval echo) after the run has ended.
    if (!this.runs.has(run.meta.id)) return;
    const written = run.writer.append(entry);
    if (entry.kind === 'error') run.lastError = entry.text;
    // No meta copy per entry: every save (patchMeta) stamps entryCount from the writer.
    const status = statusForEntry(written);
    // While a question is open the card keeps saying so, whatever else the agent prints.
    if (status && (status.agentStatus === 'waiting_for_user' || !this.approvals.hasPending(run.meta.id))) run.card.push(status);
    this.emit('entries', run.meta.id, [written]);
  }

  /**
   * Called synchronously as the agent is spawned: the pid is on disk before this process runs
   * anything else, so a crash right after spawning still leaves the agent's group recorded.
   */
  private recordPid(run: LiveRun, pid: number): void {
    run.meta = { ...run.meta, pid };
    try {
      this.deps.store.saveNow(run.meta);
    } catch {
      // The queued save below still records it; the session tag finds the agent meanwhile.
    }
    void this.patchMeta(run, { pid });
  }

  private async patchMeta(run: LiveRun, patch: Partial<SessionMeta>): Promise<void> {
    if (run.fenced || (await this.settledElsewhere(run))) return;
    run.meta = await this.deps.store.save({ ...run.meta, ...patch, entryCount: run.writer.nextSeq });
    this.emit('session', run.meta);
  }

  /**
   * True when the session on disk has ended although this process still runs it: a worker that
   * was suspended past its lease was rescued meanwhile. The rescuer's record stands; the agent
   * here is stopped and nothing more is written for it.
   */
  private async settledElsewhere(run: LiveRun): Promise<boolean> {
    const onDisk = await this.deps.store.get(run.meta.id).catch(() => undefined);
    if (!onDisk || isLive(onDisk.status)) return false;
    run.fenced = true;
    run.meta = onDisk;
    this.approvals.endSession(onDisk.id, 'The session was ended by another process.');
    run.abort.abort();
    return true;
  }

  private async finish(run: LiveRun, outcome: RunOutcome): Promise<SessionMeta> {
    const { meta } = run;
    run.unwatchStop();
    this.approvals.endSession(meta.id, 'The session ended.');
    if (run.fenced || (await this.settledElsewhere(run))) {
      run.card.cancel();
      await run.writer.close().catch(() => undefined);
      this.runs.delete(meta.id);
      this.emit('session', run.meta);
      return run.meta;
    }
    // Executors usually log their own failure; add it only when they did not say it already.
    if (outcome.status !== 'succeeded' && outcome.error && run.lastError !== outcome.error) {
      this.append(run, { kind: 'error', id: `${meta.id}-outcome`, ts: this.now(), text: outcome.error });
    }
    await run.writer.close().catch(() => undefined);
    this.runs.delete(meta.id);
    await this.patchMeta(run, {
      status: outcome.status,
      exitCode: outcome.exitCode,
      error: outcome.error,
      agentSessionId: outcome.agentSessionId ?? meta.agentSessionId,
      costUsd: outcome.costUsd,
      usage: outcome.usage,
      numTurns: outcome.numTurns,
      durationMs: outcome.durationMs ?? Date.parse(this.now()) - Date.parse(meta.startedAt ?? meta.createdAt),
      endedAt: this.now(),
      pid: undefined,
    });
    // The final status below supersedes whatever the stream last said.
    run.card.cancel();
    const task = this.deps.board.current.board.tasks.find((t) => t.id === meta.taskId);
    const cost = outcome.costUsd !== undefined ? (task?.costUsd ?? 0) + outcome.costUsd : task?.costUsd;
    const final: CardStatus =
      outcome.status === 'succeeded'
        ? { agentStatus: 'done', agentStatusMessage: `${meta.executorLabel} finished` }
        : outcome.status === 'stopped'
          ? { agentStatus: 'idle', agentStatusMessage: 'Stopped' }
          : { agentStatus: 'error', agentStatusMessage: outcome.error ?? `${meta.executorLabel} failed` };
    // Views showing a live status take the final one now; the board write below makes it last.
    this.emit('cardStatus', meta.taskId, final);
    await this.deps.board.patchTaskAgent(meta.taskId, { ...final, ...(cost !== undefined && { costUsd: cost }) }).catch(() => undefined);
    if (outcome.status === 'succeeded' && !this.noColumnFlow.delete(meta.id)) await this.moveCard(meta.taskId, this.deps.flow?.().runSucceeded);
    this.noColumnFlow.delete(meta.id);
    return run.meta;
  }

  /** Moves a card to the bottom of `columnId` as the column flow says; a missing column is skipped. */
  private async moveCard(taskId: string, columnId: string | undefined): Promise<void> {
    const board = this.deps.board.current.board;
    const task = board.tasks.find((t) => t.id === taskId);
    if (!columnId || !task || task.columnId === columnId || !board.columns.some((c) => c.id === columnId)) return;
    await this.deps.board.moveTask(taskId, columnId, Number.MAX_SAFE_INTEGER).catch(() => undefined);
  }

  /**
   * Sessions a dead window or command left "running" become "interrupted" (never running
   * forever); an agent process that outlived its owner is stopped.
   */
  async recover(alive: (pid: number) => boolean = isAlive, reap: (sessionId: string, recordedPgid?: number) => Promise<unknown> = reapSession): Promise<SessionMeta[]> {
    const { store, board } = this.deps;
    return recoverSessions({ store, board, runsHere: (id) => this.runs.has(id), now: () => this.now(), alive, reap, recovered: (meta) => this.emit('session', meta) });
  }

  /** Stops every run (window closing, extension deactivating) and waits for them to end. */
  async dispose(): Promise<void> {
    await Promise.all([...this.runs.keys()].map((id) => this.stop(id).catch(() => undefined)));
    this.listeners.clear();
  }

  private emit<K extends keyof SessionEvents>(event: K, ...args: Parameters<SessionEvents[K]>): void {
    // A Set visits what is added during the loop and skips what is removed: no copy per entry.
    for (const l of this.listeners) (l[event] as ((...a: Parameters<SessionEvents[K]>) => void) | undefined)?.(...args);
  }

  private now(): string {
    return (this.deps.now?.() ?? new Date()).toISOString();
  }
}

function describeDuration(ms: number): string {
  if (ms >= 60_000) {
    const min = Math.round(ms / 60_000);
    return `${min} minute${min === 1 ? '' : 's'}`;
  }
  if (ms < 1000) return `${ms} ms`;
  const s = Math.round(ms / 1000);
  return `${s} second${s === 1 ? '' : 's'}`;
}
