// The glue between the durable queue and the session manager: every run and every follow-up
// message waits in .viban/queue.json for a slot, and runs through SessionManager when its turn
// comes. Messages are also the task's conversation (.viban/messages/<taskId>.jsonl): the user's
// message follows its job (pending → processing → completed | failed) and the agent's reply
// streams in next to it. A message to a running agent that takes live input skips the queue.
import type { BoardService } from '../board/boardService';
import type { ConversationMessage } from '../protocol/conversation';
import type { LogEntry } from '../protocol/logEntries';
import type { StoreProblem } from '../protocol/messages';
import type { QueueJob, QueueSnapshot } from '../protocol/queue';
import type { SessionMeta } from '../protocol/sessions';
import { boardCostUsd, budgetRefusal, type Budget } from '../sessions/budget';
import { ConversationStore } from '../store/conversations/conversationStore';
import { deriveReply } from '../conversation/replyFromLog';
import { JobQueue, requestDedupeKey, type JobRunContext, type JobRunResult } from './';
import type { Enqueued, QueueLimits, RunPayload, RunQueueOptions, RunRequest } from './runQueueTypes';
import { QueueCards } from './queueCards';
import { StartedJobs } from './startedJobs';
import type { Redactor } from '../secrets/redactor';
import { sendLiveMessage, type SentMessage } from './liveMessage';

export type { SentMessage } from './liveMessage';
import { syncMessages } from '../conversation/conversationSync';
import { ReplyWriter } from '../conversation/replyWriter';
import { firstLine, outcomeOf } from './queueOutcome';
import { newId } from '../store/ids';
import { sessionIdOf, type RescuedJob } from './leases';
import { settleRescuedSession } from '../sessions/crossProcess/rescueSession';
import type { SessionManager } from '../sessions/sessionManager';
import type { SessionStore } from '../store/sessions/sessionStore';

export type { Enqueued, QueueLimits, RunPayload, RunQueueOptions, RunRequest } from './runQueueTypes';

interface Deps {
  root: string;
  board: BoardService;
  sessions: SessionManager;
  store: SessionStore;
  redactor: Redactor;
  onProblem?: (p: StoreProblem) => void;
}

const RUNNING_ELSEWHERE = /already has a running agent/i;

export class RunQueue {
  readonly conversation: ConversationStore;
  private queue!: JobQueue;
  private readonly cards: QueueCards;
  private readonly started = new StartedJobs(() => this.queue);
  /** The conversation status last written for each message job, so each change is written once. */
  private readonly synced = new Map<string, string>();
  private syncChain: Promise<void> = Promise.resolve();
  private readonly unsubscribe: Array<() => void> = [];

  private constructor(
    private readonly deps: Deps,
    private readonly opts: RunQueueOptions,
  ) {
    this.conversation = new ConversationStore(deps.root, deps.redactor);
    this.cards = new QueueCards(deps.board, (taskId) => deps.sessions.liveRunForTask(taskId) !== undefined);
  }

  static async open(deps: Deps, opts: RunQueueOptions = {}): Promise<RunQueue> {
    const rq = new RunQueue(deps, opts);
    rq.queue = await JobQueue.open({
      root: deps.root,
      ...(opts.runHere !== false && { runJob: (job: QueueJob, signal: AbortSignal, ctx: JobRunContext) => rq.runJob(job, signal, ctx) }),
      onRescue: (rescued) => rq.settleRescued(rescued),
      sessionExists: async (id) => (await deps.store.get(id)) !== undefined,
      concurrency: opts.concurrency,
      perExecutor: opts.perExecutor,
      maxAttempts: opts.maxAttempts,
      redactor: deps.redactor,
      onProblem: deps.onProblem,
      ...opts.queue,
    });
    rq.unsubscribe.push(rq.queue.onChange((s) => rq.onQueueChange(s)));
    rq.onQueueChange(rq.queue.snapshot());
    return rq;
  }

  snapshot(): QueueSnapshot {
    return this.queue.snapshot();
  }

  jobs(filter?: { taskId?: string }): QueueJob[] {
    return this.queue.jobs(filter);
  }

  onChange(listener: (s: QueueSnapshot) => void): () => void {
    return this.queue.onChange(listener);
  }

  setLimits(limits: QueueLimits): Promise<void> {
    return this.queue.setLimits(limits);
  }

  // ---- a worker's controls (see src/workers/worker.ts) ----

  /** Renews this worker's leases, rescues dead workers' jobs; returns the jobs it holds. */
  heartbeat(): Promise<string[]> {
    return this.queue.heartbeat();
  }

  /** Re-reads the queue: rescues what expired, starts what may start. */
  refresh(): Promise<void> {
    return this.queue.refresh();
  }

  pauseClaims(): void {
    this.queue.pauseClaims();
  }

  setShutdownOutcome(outcome: 'interrupted' | 'handedBack'): void {
    this.queue.setShutdownOutcome(outcome);
  }

  /** Jobs running in this process now. */
  runningHere(): string[] {
    return this.queue.runningHere();
  }

  /** Resolves when nothing runs in this process any more. */
  idle(): Promise<void> {
    return this.queue.idle();
  }

  get ownerToken(): string {
    return this.queue.ownerToken;
  }

  /** Resolves once the cards and the conversation reflect the queue as it is now (tests). */
  async settled(): Promise<void> {
    await this.queue.settled();
    await this.syncChain;
    await this.cards.update(this.queue.snapshot());
  }

  waitForEnd(jobId: string): Promise<QueueJob> {
    return this.queue.waitForEnd(jobId);
  }

  boardCostUsd(): number {
    return boardCostUsd(this.deps.board.current.board);
  }

  /** Queues a run (or finds the one this request already queued); refused at once over budget. */
  async startRun(req: RunRequest): Promise<Enqueued> {
    const { taskId, executorId, requestId, ...payload } = req;
    const task = this.requireTask(taskId);
    this.assertBudget(taskId);
    // The session id is fixed now, so whoever queued the run can follow it before a worker starts it.
    const { job } = await this.queue.enqueue({
      taskId,
      kind: 'run',
      executorId,
      payload: { ...payload, sessionId: newId('s') } as Record<string, unknown>,
      summary: firstLine(payload.prompt ?? task.title),
      ...(requestId && { dedupeKey: requestDedupeKey(requestId) }),
    });
    return this.started.describe(job);
  }

  /**
   * A message to the task's agent: recorded in the conversation first (so it is never lost), then
   * sent into the running agent if it takes input and nothing of the task waits in line, else queued.
   */
  async sendMessage(req: { taskId: string; text: string; requestId?: string }): Promise<SentMessage> {
    const text = req.text.trim();
    if (!text) throw new Error('The message is empty.');
    this.requireTask(req.taskId);
    if (req.requestId) {
      const earlier = await this.conversation.get(req.taskId, req.requestId);
      if (earlier) return { message: earlier, ...(earlier.metadata?.jobId && this.describeById(earlier.metadata.jobId)) };
    }
    const live = this.deps.sessions.liveRunForTask(req.taskId);
    const jobs = this.queue.jobs({ taskId: req.taskId });
    const waitingInLine = jobs.some((j) => j.status === 'queued' || (j.status === 'running' && j.kind === 'message'));
    if (live && !waitingInLine) {
      const sent = await this.sendLive(req.taskId, text, live, req.requestId);
      if (sent) return sent;
    }
    this.assertBudget(req.taskId);
    const executorId = await this.executorForMessage(req.taskId);
    const message = await this.conversation.append(req.taskId, { ...(req.requestId && { id: req.requestId }), role: 'user', content: text, status: 'pending' });
    const { job } = await this.queue.enqueue({
      taskId: req.taskId,
      kind: 'message',
      executorId,
      payload: { text, messageId: message.id },
      summary: firstLine(text),
      dedupeKey: requestDedupeKey(message.id),
    });
    const withJob = await this.conversation.update(req.taskId, message.id, { metadata: { jobId: job.id } });
    const described = await this.started.describe(job, false);
    return { message: withJob, ...described };
  }

  /** Cancels a queued job, or dismisses an interrupted one. */
  cancel(jobId: string): Promise<QueueJob> {
    return this.queue.cancel(jobId);
  }

  /**
   * Puts a failed, interrupted or cancelled job back in line. A message whose job the queue has
   * already forgotten (it keeps the newest 200 ended jobs) is queued again from the conversation.
   */
  async retry(jobId: string, fallback?: { taskId: string; messageId: string }): Promise<QueueJob> {
    if (this.queue.get(jobId) || !fallback) {
      const job = this.queue.get(jobId);
      if (job) this.assertBudget(job.taskId);
      return this.queue.retry(jobId);
    }
    const message = await this.conversation.get(fallback.taskId, fallback.messageId);
    if (!message || message.role !== 'user') throw new Error('That message is no longer in the conversation.');
    this.assertBudget(fallback.taskId);
    const { job } = await this.queue.enqueue({
      taskId: fallback.taskId,
      kind: 'message',
      executorId: await this.executorForMessage(fallback.taskId),
      payload: { text: message.content, messageId: message.id },
      summary: firstLine(message.content),
    });
    await this.conversation.update(fallback.taskId, message.id, { status: 'pending', metadata: { jobId: job.id, error: undefined } });
    return job;
  }

  /** Window closing: running jobs are stopped and recorded as interrupted (never silently re-run). */
  async dispose(): Promise<void> {
    await this.queue.dispose();
    this.unsubscribe.forEach((u) => u());
    await this.syncChain;
  }

  // ---- the runner ----

  private async runJob(job: QueueJob, signal: AbortSignal, ctx: JobRunContext): Promise<JobRunResult> {
    const started = this.started.begin(job.id);
    try {
      const refusal = budgetRefusal(this.deps.board.current.board, job.taskId, this.opts.budget?.());
      if (refusal) {
        started.failed(refusal);
        return { status: 'failed', error: refusal, transient: false };
      }
      if (job.kind === 'message') await this.outwaitForeignRun(job.taskId, signal);
      // A claim a stalled worker made may have been rescued (and run) by another since: check the
      // lease is still ours right before the agent starts, or the run would happen twice.
      await ctx.confirmLease?.().catch(() => undefined);
      if (signal.aborted) return { status: 'stopped', error: 'Stopped before it started.' };
      return await this.runSession(job, signal, ctx, started);
    } finally {
      started.end();
    }
  }

  private async runSession(job: QueueJob, signal: AbortSignal, ctx: JobRunContext, started: ReturnType<StartedJobs['begin']>): Promise<JobRunResult> {
    const { sessions } = this.deps;
    // Entries can arrive before start() returns the session id: keep them all until it is known.
    const early = new Map<string, LogEntry[]>();
    let writer: ReplyWriter | undefined;
    let sessionId: string | undefined;
    const off = sessions.on({
      entries: (id, entries) => {
        if (sessionId === undefined) early.set(id, [...(early.get(id) ?? []), ...entries]);
        else if (id === sessionId) writer?.push(entries);
      },
    });
    try {
      let meta: SessionMeta;
      try {
        meta = job.kind === 'message' ? await sessions.followUp(job.taskId, String(job.payload.text ?? '')) : await sessions.start(await this.startOptions(job));
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        started.failed(error);
        return { status: 'failed', error, ...(RUNNING_ELSEWHERE.test(error) ? { transient: true } : { transient: false }) };
      }
      sessionId = meta.id;
      ctx.setSessionId(meta.id);
      started.sessionStarted(meta.id);
      if (job.kind === 'message') {
        const messageId = String(job.payload.messageId ?? job.id);
        writer = new ReplyWriter(this.conversation, job.taskId, `${messageId}-reply`, {}, { jobId: job.id }, this.opts.replyThrottleMs);
        writer.push(early.get(meta.id) ?? []);
      }
      const stop = () => void sessions.stop(meta.id).catch(() => undefined);
      signal.addEventListener('abort', stop, { once: true });
      const end = await sessions.wait(meta.id);
      signal.removeEventListener('abort', stop);
      const log: LogEntry[] = [];
      for await (const e of this.deps.store.readLog(end.id)) log.push(e);
      if (writer) await writer.finish(deriveReply(log, end)).catch((err) => this.report(err));
      return outcomeOf(end, log);
    } finally {
      off();
    }
  }

  private async startOptions(job: QueueJob): Promise<Parameters<SessionManager['start']>[0]> {
    const p = job.payload as RunPayload;
    // A job run again (rescued, handed back) must not reuse the session its first attempt made.
    const reserved = sessionIdOf(job);
    const sessionId = reserved && !(await this.deps.store.get(reserved)) ? reserved : undefined;
    return { taskId: job.taskId, executorId: job.executorId, prompt: p.prompt, permissionMode: p.permissionMode, model: p.model, cwd: p.cwd, worktree: p.worktree, timeoutMs: p.timeoutMs, ...(sessionId && { sessionId }), ...(p.columnFlow === false && { columnFlow: false }) };
  }

  /**
   * Under the queue lock, for jobs of a dead worker: their leftover processes ended, their
   * sessions recorded as interrupted; then (outside the lock) their cards say what happened.
   */
  private async settleRescued(rescued: RescuedJob[]): Promise<void> {
    for (const r of rescued) {
      if (r.sessionId) await settleRescuedSession({ store: this.deps.store }, r.sessionId, r.reason, r.sameHost);
    }
    this.opts.onRescued?.(rescued);
    setImmediate(() => {
      for (const r of rescued) {
        if (r.status === 'queued') continue; // the queue's cards say "Queued #n"
        void this.deps.board.patchTaskAgent(r.before.taskId, { agentStatus: 'error', agentStatusMessage: r.reason }).catch(() => undefined);
      }
    });
  }

  /** A run the queue does not know (a terminal run) holds the task: the message waits for it. */
  private async outwaitForeignRun(taskId: string, signal: AbortSignal): Promise<void> {
    const live = this.deps.sessions.liveRunForTask(taskId);
    if (!live) return;
    await Promise.race([this.deps.sessions.wait(live.id), new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))]);
  }

  /** Into the running agent at once (see liveMessage.ts); undefined when it takes no input now. */
  private sendLive(taskId: string, text: string, live: SessionMeta, requestId: string | undefined): Promise<SentMessage | undefined> {
    const { sessions, store } = this.deps;
    return sendLiveMessage({ sessions, store, conversation: this.conversation, replyThrottleMs: this.opts.replyThrottleMs, report: (err) => this.report(err) }, taskId, text, live, requestId);
  }

  // ---- keeping the board and the conversation in line with the queue ----

  private onQueueChange(snapshot: QueueSnapshot): void {
    void this.cards.update(snapshot);
    const jobs = this.queue.jobs().filter((j) => j.kind === 'message' && typeof j.payload.messageId === 'string');
    this.syncChain = this.syncChain.then(() => syncMessages(this.conversation, this.synced, jobs)).catch((err) => this.report(err));
  }

  // ---- helpers ----

  private describeById(jobId: string): { job?: QueueJob; position?: number } {
    const job = this.queue.get(jobId);
    const position = this.queue.positionOf(jobId);
    return { ...(job && { job }), ...(position !== undefined && { position }) };
  }

  private requireTask(taskId: string) {
    const task = this.deps.board.current.board.tasks.find((t) => t.id === taskId);
    if (!task) throw new Error(`There is no task "${taskId}" on this board.`);
    return task;
  }

  private assertBudget(taskId: string): void {
    const refusal = budgetRefusal(this.deps.board.current.board, taskId, this.opts.budget?.());
    if (refusal) throw new Error(refusal);
  }

  /** The executor that will answer: the task's agent, or the one a queued run of the task will start. */
  private async executorForMessage(taskId: string): Promise<string> {
    const queuedRun = this.queue.jobs({ taskId }).find((j) => j.kind === 'run' && (j.status === 'queued' || j.status === 'running'));
    const previous = (await this.deps.store.list({ taskId })).reverse().find((m) => m.agentSessionId);
    const executorId = previous?.executorId ?? queuedRun?.executorId;
    if (!executorId) throw new Error('This task has no earlier agent session to continue. Run it first.');
    return executorId;
  }

  private report(err: unknown): void {
    const message = this.deps.redactor.redact(`Viban could not update the conversation: ${err instanceof Error ? err.message : String(err)}`);
    this.deps.onProblem?.({ kind: 'io', message });
  }
}

