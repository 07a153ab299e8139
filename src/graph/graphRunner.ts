// Runs a task graph through the durable queue: the scheduler decides, this drives. A task is
// handed to the queue only when a slot is free (so the critical-path priority, not the queue's
// arrival order, decides what starts next), its end is awaited, then checks, then its dependants.
// A failed task holds exactly its descendants; a held task starts again once the failed
// prerequisite is retried and succeeds, or once the user releases it. Stop all cancels what waits
// in line and stops what runs. The parts it talks to are interfaces: the app wires the real queue,
// board, checks and hand-off (src/app/graphRuns.ts); tests and the benchmark may wire others.
import type { Board, Task } from '../protocol/model';
import type { QueueJob, QueueSnapshot } from '../protocol/queue';
import { isJobEnded } from '../protocol/queue';
import { DEFAULT_DONE_WHEN, isTaskDone, runSucceeded, workAccepted, type DoneWhen } from './doneness';
import { GraphRuleError } from './graphRules';
import { GraphScheduler } from './scheduler';
import { describePath, validateGraph } from './topology';

export interface GraphRunBoard {
  readonly current: { board: Board };
  onDidChange(listener: (state: { board: Board }) => void): () => void;
  patchTaskAgent(taskId: string, patch: Partial<Pick<Task, 'held' | 'released' | 'agentStatus' | 'agentStatusMessage'>>): Promise<unknown>;
}

/** What the queue needs to start a task's run (RunQueue's RunRequest, structurally). */
export interface GraphRunRequest {
  taskId: string;
  executorId: string;
  prompt?: string;
  permissionMode?: string;
  model?: string;
  cwd?: string;
  worktree?: { path: string; branch: string; base: string };
  /** Tags the job as this graph run's, so the process running the graph can claim exactly its own jobs. */
  graphRunId?: string;
}

export interface GraphRunQueue {
  startRun(req: GraphRunRequest): Promise<{ job: QueueJob; sessionId?: string }>;
  waitForEnd(jobId: string): Promise<QueueJob>;
  onChange(listener: (s: QueueSnapshot) => void): () => void;
  jobs(filter?: { taskId?: string }): QueueJob[];
  cancel(jobId: string): Promise<QueueJob>;
  snapshot(): QueueSnapshot;
}

export type VerifyResult = { ok: true; skipped?: boolean } | { ok: false; reason: string };

export interface GraphRunHooks {
  /** The run of a task: executor and model by tier, hand-off worktree and prompt. `{ hold }` holds it instead. */
  prepare(task: Task, board: Board): Promise<Omit<GraphRunRequest, 'graphRunId'> | { hold: string }>;
  /** After a run succeeded: the checks (and fix-up attempts). Left out: a succeeded run is done. */
  verify?(task: Task, job: QueueJob): Promise<VerifyResult>;
  /** Stops a running session (Stop all). */
  stopSession(sessionId: string): Promise<void>;
}

export type GraphEvent =
  | { type: 'plan'; order: string[]; skipped: Array<{ taskId: string; reason: string }> }
  | { type: 'start'; taskId: string; title: string; jobId: string; executorId: string; model?: string; readyAt: number; takenAt: number; startedAt: number }
  | { type: 'end'; taskId: string; title: string; status: 'succeeded' | 'failed' | 'stopped'; error?: string; durationMs?: number }
  | { type: 'checks'; taskId: string; title: string; ok: boolean; reason?: string }
  | { type: 'held'; taskId: string; title: string; reason: string }
  | { type: 'unheld'; taskId: string; title: string }
  | { type: 'awaiting'; taskId: string; title: string; what: string };

export interface GraphRunOptions {
  board: GraphRunBoard;
  queue: GraphRunQueue;
  hooks: GraphRunHooks;
  doneWhen?: DoneWhen;
  acceptedColumn?: string;
  /** How many of this graph's tasks may be in flight at once (the queue's concurrency). */
  concurrency: () => number;
  onEvent?: (e: GraphEvent) => void;
  /** Problems that must not stop the graph (a board write that failed). */
  onProblem?: (message: string) => void;
  now?: () => number;
}

export interface GraphScope {
  /** Only the tasks in this column; default: every column but the last (finished work). */
  columnId?: string;
  /** Exactly these tasks (the board assistant's plan); wins over columnId. */
  taskIds?: string[];
}

export interface GraphRunSummary {
  succeeded: string[];
  failed: string[];
  held: Array<{ taskId: string; reason: string }>;
  stopped: string[];
  /** Waiting at the end for prerequisites outside the run or not yet accepted. */
  waiting: Array<{ taskId: string; on: string[] }>;
}

let runCounter = 0;

export class GraphRunner {
  readonly id = `g${Date.now().toString(36)}${(runCounter++).toString(36)}`;
  private scheduler: GraphScheduler | undefined;
  private readonly jobOf = new Map<string, string>();
  private readonly announced = new Set<string>();
  private readonly readyAt = new Map<string, number>();
  private readonly startedAt = new Map<string, number>();
  /** When a slot was free and the task was handed on (ready may be earlier: it waited for a slot). */
  private readonly takenAt = new Map<string, number>();
  private readonly summary: GraphRunSummary = { succeeded: [], failed: [], held: [], stopped: [], waiting: [] };
  /** Tasks taken from the scheduler and not yet ended (preparing, queued or running). */
  private readonly flying = new Set<string>();
  private preparing = 0;
  /** Titles seen, for lines about a task deleted meanwhile. */
  private readonly titles = new Map<string, string>();
  private stopping = false;
  private finished!: () => void;
  private readonly offs: Array<() => void> = [];
  private readonly now: () => number;

  constructor(private readonly opts: GraphRunOptions) {
    this.now = opts.now ?? Date.now;
  }

  get doneWhen(): DoneWhen {
    return this.opts.doneWhen ?? DEFAULT_DONE_WHEN;
  }

  /** Which tasks a scope covers and which of those run; a cycle is refused with the cycle named. */
  plan(scope: GraphScope = {}): { scheduler: GraphScheduler; skipped: Array<{ taskId: string; reason: string }> } {
    const board = this.opts.board.current.board;
    const validation = validateGraph(board);
    if (validation.cycles.length) {
      throw new GraphRuleError(`The graph has a cycle: ${describePath(validation.index, validation.cycles[0])}. Unlink one of these tasks (viban unlink) and run again.`);
    }
    const last = board.columns[board.columns.length - 1]?.id;
    const candidates = scope.taskIds
      ? scope.taskIds.map((id) => {
          const t = validation.index.tasks.get(id);
          if (!t) throw new GraphRuleError(`There is no task "${id}" on this board.`);
          return t;
        })
      : board.tasks.filter((t) => (scope.columnId ? t.columnId === scope.columnId : t.columnId !== last || board.columns.length === 1));
    if (scope.columnId && !board.columns.some((c) => c.id === scope.columnId)) {
      throw new GraphRuleError(`There is no column "${scope.columnId}" on this board (columns: ${board.columns.map((c) => c.id).join(', ')}).`);
    }
    const skipped: Array<{ taskId: string; reason: string }> = [];
    const inScope: string[] = [];
    for (const t of candidates) {
      if (isTaskDone(t, this.doneWhen, this.opts.acceptedColumn)) skipped.push({ taskId: t.id, reason: 'already done' });
      else inScope.push(t.id);
    }
    const tasks = validation.index.tasks;
    const scheduler = new GraphScheduler({
      validation,
      scope: inScope,
      isDone: (id) => {
        const t = tasks.get(id);
        return t !== undefined && isTaskDone(this.opts.board.current.board.tasks.find((x) => x.id === id) ?? t, this.doneWhen, this.opts.acceptedColumn);
      },
      released: (id) => tasks.get(id)?.released === true,
    });
    return { scheduler, skipped };
  }

  /** Runs the graph to its end (or until stop()); resolves with what happened to each task. */
  async run(scope: GraphScope = {}): Promise<GraphRunSummary> {
    const { scheduler, skipped } = this.plan(scope);
    this.scheduler = scheduler;
    const order = this.opts.board.current.board.tasks.map((t) => t.id).filter((id) => scheduler.stateOf(id) !== undefined);
    order.sort((a, b) => (scheduler.ranks.get(b) ?? 0) - (scheduler.ranks.get(a) ?? 0));
    this.emit({ type: 'plan', order, skipped });
    const done = new Promise<void>((resolve) => (this.finished = resolve));
    // Holds from an earlier run are recomputed from scratch.
    for (const id of scheduler.scope) {
      const t = this.task(id);
      if (t?.held) await this.patch(id, { held: undefined });
    }
    for (const id of scheduler.ready()) this.readyAt.set(id, this.now());
    this.offs.push(this.opts.queue.onChange(() => this.onQueueChange()));
    this.offs.push(this.opts.board.onDidChange(() => this.onBoardChange()));
    this.pump();
    await done;
    this.offs.forEach((off) => off());
    // Holds written on the cards must be on disk before the caller (a command about to exit) goes on.
    await Promise.all(this.writes);
    this.summary.waiting = scheduler.waiting();
    return this.summary;
  }

  /** Stop all: nothing new starts, queued jobs are cancelled, running ones stopped; run() then resolves. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const waits: Array<Promise<unknown>> = [];
    for (const [taskId, jobId] of this.jobOf) {
      const job = this.opts.queue.jobs({ taskId }).find((j) => j.id === jobId);
      if (!job || isJobEnded(job.status)) continue;
      if (job.status === 'queued') waits.push(this.opts.queue.cancel(jobId).catch(() => undefined));
      else if (job.sessionId) waits.push(this.opts.hooks.stopSession(job.sessionId).catch(() => undefined));
    }
    await Promise.all(waits);
    this.checkFinished();
  }

  private pump(): void {
    const s = this.scheduler;
    if (!s || this.stopping) return this.checkFinished();
    // Hand the queue only what it can start now: one of ours waiting in line means no free slot.
    while (this.flying.size < this.opts.concurrency() && !this.ourJobWaiting()) {
      const [id] = s.take(1);
      if (!id) break;
      this.flying.add(id);
      this.takenAt.set(id, this.now());
      void this.launch(id).catch((err) => this.onProblem(`Could not run "${this.title(id)}": ${err instanceof Error ? err.message : String(err)}`, id));
    }
    this.checkFinished();
  }

  private ourJobWaiting(): boolean {
    if (this.preparing > 0) return true;
    for (const [taskId, jobId] of this.jobOf) {
      const job = this.opts.queue.jobs({ taskId }).find((j) => j.id === jobId);
      if (job?.status === 'queued') return true;
    }
    return false;
  }

  private async launch(taskId: string): Promise<void> {
    let job: QueueJob;
    this.preparing++;
    try {
      const task = this.task(taskId);
      if (!task) return this.endTask(taskId, 'failed', 'The task was deleted.');
      const prep = await this.opts.hooks.prepare(task, this.opts.board.current.board);
      if ('hold' in prep) return this.holdSelf(taskId, prep.hold);
      if (this.stopping) return this.endTask(taskId, 'stopped');
      job = (await this.opts.queue.startRun({ ...prep, graphRunId: this.id })).job;
      this.jobOf.set(taskId, job.id);
    } catch (err) {
      return this.endTask(taskId, 'failed', err instanceof Error ? err.message : String(err));
    } finally {
      this.preparing--;
    }
    this.onQueueChange();
    const end = await this.opts.queue.waitForEnd(job.id);
    this.announceStart(taskId, end);
    if (end.status === 'succeeded') {
      const verify = this.opts.hooks.verify;
      const task = this.task(taskId);
      if (verify && task && !this.stopping) {
        const result = await verify(task, end).catch((err): { ok: false; reason: string } => ({ ok: false, reason: `The checks could not run: ${err instanceof Error ? err.message : String(err)}` }));
        if (!('skipped' in result && result.skipped)) this.emit({ type: 'checks', taskId, title: this.title(taskId), ok: result.ok, ...(!result.ok && { reason: result.reason }) });
        if (!result.ok) return this.endTask(taskId, 'failed', result.reason, end);
      }
      return this.endTask(taskId, 'succeeded', undefined, end);
    }
    const stopped = end.status === 'cancelled' || end.status === 'interrupted' || /stopped/i.test(end.lastError ?? '');
    return this.endTask(taskId, stopped && this.stopping ? 'stopped' : 'failed', end.lastError ?? `The run ended ${end.status}.`, end);
  }

  private endTask(taskId: string, status: 'succeeded' | 'failed' | 'stopped', error?: string, job?: QueueJob): void {
    if (!this.flying.delete(taskId)) return;
    const s = this.scheduler!;
    const title = this.title(taskId);
    const started = job?.startedAt ? Date.parse(job.startedAt) : undefined;
    const ended = job?.endedAt ? Date.parse(job.endedAt) : undefined;
    this.emit({ type: 'end', taskId, title, status, ...(error && { error }), ...(started && ended && { durationMs: ended - started }) });
    if (status === 'succeeded') {
      this.summary.succeeded.push(taskId);
      if (this.doneWhen === 'accepted' && !workAccepted(this.task(taskId) ?? ({} as Task), this.opts.acceptedColumn)) {
        s.succeededNotDone(taskId);
        this.emit({ type: 'awaiting', taskId, title, what: 'its work to be accepted (viban accept)' });
      } else this.markDone(taskId);
    } else if (status === 'failed') {
      this.summary.failed.push(taskId);
      for (const hold of s.failed(taskId)) this.hold(hold.taskId, hold.reason);
    } else {
      this.summary.stopped.push(taskId);
      s.stopped(taskId);
    }
    this.pump();
  }

  private markDone(taskId: string): void {
    const s = this.scheduler!;
    const { ready, unheld } = s.done(taskId);
    for (const id of unheld) {
      this.summary.held = this.summary.held.filter((h) => h.taskId !== id);
      void this.patch(id, { held: undefined });
      this.emit({ type: 'unheld', taskId: id, title: this.title(id) });
    }
    for (const id of [...ready, ...unheld]) if (s.stateOf(id) === 'ready') this.readyAt.set(id, this.now());
  }

  /** The task itself cannot start (a merge conflict in its hand-off): it and its descendants wait. */
  private holdSelf(taskId: string, reason: string): void {
    if (!this.flying.delete(taskId)) return;
    const s = this.scheduler!;
    this.hold(taskId, reason);
    for (const h of s.failed(taskId)) this.hold(h.taskId, `held: ${this.title(taskId)} is held`);
    this.pump();
  }

  private hold(taskId: string, reason: string): void {
    this.summary.held.push({ taskId, reason });
    void this.patch(taskId, { held: reason });
    this.emit({ type: 'held', taskId, title: this.title(taskId), reason });
  }

  private onQueueChange(): void {
    for (const [taskId, jobId] of this.jobOf) {
      if (this.announced.has(taskId)) continue;
      const job = this.opts.queue.jobs({ taskId }).find((j) => j.id === jobId);
      if (job && job.status !== 'queued') this.announceStart(taskId, job);
    }
    this.pump();
  }

  private announceStart(taskId: string, job: QueueJob): void {
    if (this.announced.has(taskId) || !job.startedAt) return;
    this.announced.add(taskId);
    const startedAt = this.now();
    this.startedAt.set(taskId, startedAt);
    const model = typeof job.payload.model === 'string' ? job.payload.model : undefined;
    this.emit({ type: 'start', taskId, title: this.title(taskId), jobId: job.id, executorId: job.executorId, ...(model && { model }), readyAt: this.readyAt.get(taskId) ?? startedAt, takenAt: this.takenAt.get(taskId) ?? startedAt, startedAt });
  }

  /** Retried-and-succeeded prerequisites, released tasks and accepted work come from the board. */
  private onBoardChange(): void {
    const s = this.scheduler;
    if (!s || this.stopping) return;
    for (const id of s.scope) {
      const t = this.task(id);
      const state = s.stateOf(id);
      if (!t) continue;
      if (state === 'failed' && runSucceeded(t)) {
        this.summary.failed = this.summary.failed.filter((f) => f !== id);
        this.summary.succeeded.push(id);
        this.markDone(id);
      } else if (state === 'succeeded' && workAccepted(t, this.opts.acceptedColumn)) this.markDone(id);
      else if (state === 'held' && t.released) {
        this.summary.held = this.summary.held.filter((h) => h.taskId !== id);
        if (s.release(id)) this.readyAt.set(id, this.now());
        void this.patch(id, { held: undefined });
        this.emit({ type: 'unheld', taskId: id, title: t.title });
      }
    }
    for (const id of s.recheck()) this.readyAt.set(id, this.now());
    this.pump();
  }

  private checkFinished(): void {
    const s = this.scheduler;
    if (!s || !this.finished) return;
    if (this.flying.size > 0) return;
    // Work accepted later can still free dependants: a graph waiting for acceptance keeps going.
    const awaiting = !this.stopping && s.count('succeeded') > 0;
    if ((this.stopping || s.ready().length === 0) && !awaiting) this.finished();
  }

  private task(id: string): Task | undefined {
    return this.opts.board.current.board.tasks.find((t) => t.id === id);
  }

  private title(id: string): string {
    const title = this.task(id)?.title;
    if (title) this.titles.set(id, title);
    return title ?? this.titles.get(id) ?? id;
  }

  private readonly writes = new Set<Promise<void>>();

  private patch(taskId: string, patch: Parameters<GraphRunBoard['patchTaskAgent']>[1]): Promise<void> {
    const write = this.writePatch(taskId, patch);
    this.writes.add(write);
    void write.then(() => this.writes.delete(write));
    return write;
  }

  private writePatch(taskId: string, patch: Parameters<GraphRunBoard['patchTaskAgent']>[1]): Promise<void> {
    return this.opts.board.patchTaskAgent(taskId, patch).then(
      () => undefined,
      (err) => this.opts.onProblem?.(`Could not update "${this.title(taskId)}" on the board: ${err instanceof Error ? err.message : String(err)}`),
    );
  }

  private onProblem(message: string, taskId: string): void {
    this.opts.onProblem?.(message);
    this.endTask(taskId, 'failed', message);
  }

  private emit(e: GraphEvent): void {
    this.opts.onEvent?.(e);
  }
}
