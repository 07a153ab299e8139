// The durable queue: every agent run and every follow-up message waits in .viban/queue.json for
// a slot, whichever window or command enqueued it. Each change is one locked read-modify-write
// that also records finished runs, interrupts orphans of dead processes and claims whatever may
// start now, so the file is the single truth that every process sharing the folder follows.
// The queue does not know how to run an agent: `runJob` does (the lead wires SessionManager).
import { newId } from '../board/ids';
import { QueueJobSchema, isJobEnded, type QueueFile, type QueueJob, type QueueSnapshot } from '../protocol/queue';
import { describeError } from '../store/fsErrors';
import { ensureStoreGitignore } from '../store/storeGitignore';
import { SerialQueue } from '../store/serialQueue';
import { watchFileSignals } from '../store/storeWatcher';
import { DEFAULT_BACKOFF, isTransientFailure, type BackoffOptions } from './backoff';
import { isoAt, systemClock, type Clock, type TimerHandle } from './clock';
import { DEFAULT_DEDUPE_WINDOW_MS, findDuplicate } from './dedupe';
import { newOwner, retireOwner, type Owner } from './ownership';
import { emptyQueueFile, queuePaths, readQueueLocked, readQueueText, withQueueLock, writeQueueLocked, type QueuePaths } from './queueFile';
import { fairTagFor, nextWakeAt } from './scheduler';
import { buildSnapshot, positionIn } from './snapshot';
import type { EnqueueRequest, EnqueueResult, JobQueueOptions, JobRunContext } from './queueTypes';
import { Redactor } from '../secrets/redactor';
import { cancelJob, claimRunnable, interruptOrphans, pruneEnded, recordOutcome, retryJob, type RunOutcome } from './transitions';

export type { EnqueueRequest, EnqueueResult, JobQueueOptions, JobRunContext, JobRunner, JobRunResult } from './queueTypes';

/** After a failed read or write (a stuck lock, a full disk), look again this much later. */
const IO_RETRY_MS = 1_000;

export class JobQueue {
  readonly paths: QueuePaths;
  private readonly owner: Owner = newOwner();
  private readonly clock: Clock;
  private readonly backoff: BackoffOptions;
  private readonly serial = new SerialQueue();
  private readonly listeners = new Set<(s: QueueSnapshot) => void>();
  private readonly inFlight = new Map<string, { abort: AbortController; done: Promise<void> }>();
  /** Runs that ended but are not yet written down (kept until a write succeeds). */
  private readonly outcomes = new Map<string, RunOutcome>();
  private readonly sessionIds = new Map<string, string>();
  private readonly closeWaiters = new Set<() => void>();
  /** Masking is not optional: without a redactor given, this process's environment is used. */
  private readonly redactor: Pick<Redactor, 'redact'>;
  private state: QueueFile = emptyQueueFile();
  private lastText: string | null | undefined;
  private wake: { at: number; handle: TimerHandle } | undefined;
  private ioRetry: TimerHandle | undefined;
  private stopWatching: (() => void) | undefined;
  private disposing = false;
  private closed = false;
  private disposed: Promise<void> | undefined;

  private constructor(private opts: JobQueueOptions) {
    this.paths = queuePaths(opts.root);
    this.clock = opts.clock ?? systemClock;
    this.backoff = { ...DEFAULT_BACKOFF, ...opts.backoff };
    this.redactor = opts.redactor ?? new Redactor();
  }

  /** Opens the queue: interrupts orphans of dead processes, starts what may start, watches the file. */
  static async open(opts: JobQueueOptions): Promise<JobQueue> {
    const queue = new JobQueue(opts);
    try {
      await queue.transact();
    } catch (err) {
      retireOwner(queue.owner);
      throw err;
    }
    if (opts.watch !== false) {
      const pollMs = typeof opts.watch === 'object' ? opts.watch.pollMs : undefined;
      queue.stopWatching = watchFileSignals(queue.paths.file, () => void queue.onExternalSignal(), { pollMs });
    }
    return queue;
  }

  get concurrency(): number {
    return Math.max(1, Math.floor(this.opts.concurrency ?? 2));
  }

  /** Adds a job (or returns the existing duplicate). It starts at once if a slot is free. */
  async enqueue(req: EnqueueRequest): Promise<EnqueueResult> {
    const { id, duplicate } = await this.transact((state, nowMs) => {
      if (req.dedupeKey) {
        const dup = findDuplicate(state.jobs, req.dedupeKey, nowMs, req.dedupeWindowMs ?? DEFAULT_DEDUPE_WINDOW_MS);
        if (dup) return { id: dup.id, duplicate: true };
      }
      const summary = req.summary === undefined ? undefined : this.redact(req.summary.slice(0, 200));
      const job = QueueJobSchema.parse({
        id: newId('q'),
        taskId: req.taskId,
        kind: req.kind,
        executorId: req.executorId,
        payload: req.payload ?? {},
        ...(summary !== undefined && { summary }),
        status: 'queued',
        attempts: 0,
        maxAttempts: Math.max(1, Math.floor(req.maxAttempts ?? this.opts.maxAttempts ?? 3)),
        ...(req.dedupeKey !== undefined && { dedupeKey: req.dedupeKey }),
        createdAt: isoAt(nowMs),
        seq: state.nextSeq,
        fairTag: fairTagFor(state, req.taskId),
      });
      state.nextSeq++;
      state.jobs.push(job);
      return { id: job.id, duplicate: false };
    });
    return { job: this.mustGet(id), duplicate };
  }

  /** Cancels a queued job, or dismisses an interrupted one. Throws for a running job. */
  async cancel(jobId: string): Promise<QueueJob> {
    await this.transact((state, nowMs) => cancelJob(state, jobId, nowMs));
    return this.mustGet(jobId);
  }

  /** Puts an interrupted, failed or cancelled job back in line (at the back) with fresh attempts. */
  async retry(jobId: string): Promise<QueueJob> {
    await this.transact((state) => retryJob(state, jobId));
    return this.mustGet(jobId);
  }

  /** A settings change: new limits apply at once (a raised limit starts waiting jobs now). */
  async setLimits(limits: Pick<JobQueueOptions, 'concurrency' | 'perExecutor' | 'maxAttempts'>): Promise<void> {
    this.opts = { ...this.opts, ...limits };
    await this.transact();
  }

  /** Re-reads the file and starts what may start (the watcher does this on its own). */
  async refresh(): Promise<void> {
    await this.transact();
  }

  get(jobId: string): QueueJob | undefined {
    const job = this.state.jobs.find((j) => j.id === jobId);
    return job && structuredClone(job);
  }

  jobs(filter?: { taskId?: string }): QueueJob[] {
    return structuredClone(this.state.jobs.filter((j) => !filter?.taskId || j.taskId === filter.taskId));
  }

  /** 1-based place in line of a queued job ("queued #2"); undefined when it is not waiting. */
  positionOf(jobId: string): number | undefined {
    return positionIn(this.state, jobId);
  }

  snapshot(): QueueSnapshot {
    return buildSnapshot(this.state, this.concurrency, this.owner.token);
  }

  onChange(listener: (s: QueueSnapshot) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves with the job once it has ended (succeeded, failed, interrupted or cancelled). */
  waitForEnd(jobId: string): Promise<QueueJob> {
    return new Promise((resolve, reject) => {
      if (this.closed) return reject(new Error('The job queue is closed.'));
      const check = (): boolean => {
        const job = this.get(jobId);
        if (!job) reject(new Error(`The job "${jobId}" is no longer in the queue.`));
        else if (isJobEnded(job.status)) resolve(job);
        else return false;
        return true;
      };
      if (check()) return;
      const closed = () => reject(new Error('The job queue was closed before the job ended.'));
      this.closeWaiters.add(closed);
      const off = this.onChange(() => {
        if (!check()) return;
        off();
        this.closeWaiters.delete(closed);
      });
    });
  }

  /** Resolves once every change asked for so far has been written (tests, shutdown). */
  settled(): Promise<void> {
    return this.serial.run(async () => undefined);
  }

  /**
   * Closing the window: stop watching, abort running jobs (their sessions are being stopped by
   * the session manager too), give them a moment to report, and record the rest as interrupted.
   */
  dispose(): Promise<void> {
    this.disposed ??= this.shutdown();
    return this.disposed;
  }

  private async shutdown(): Promise<void> {
    this.disposing = true;
    this.stopWatching?.();
    this.clearTimers();
    const running = [...this.inFlight.values()];
    for (const r of running) r.abort.abort();
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(running.map((r) => r.done)),
      new Promise<void>((resolve) => (grace = setTimeout(resolve, this.opts.disposeGraceMs ?? 3_000))),
    ]);
    clearTimeout(grace);
    for (const id of this.inFlight.keys()) if (!this.outcomes.has(id)) this.outcomes.set(id, { status: 'interrupted' });
    if (this.outcomes.size > 0) await this.transact().catch((err) => this.report(err));
    this.clearTimers();
    this.closed = true;
    retireOwner(this.owner);
    this.listeners.clear();
    for (const reject of this.closeWaiters) reject();
    this.closeWaiters.clear();
  }

  /** One locked read-modify-write; `mutate` runs on the fresh state between the bookkeeping steps. */
  private transact<T = void>(mutate?: (state: QueueFile, nowMs: number) => T): Promise<T> {
    return this.serial.run(async () => {
      if (this.closed) throw new Error('The job queue is closed.');
      const nowMs = this.clock.now();
      let result: T | undefined;
      let failure: unknown;
      let toStart: QueueJob[] = [];
      const recorded = new Map(this.outcomes);
      const sessions = new Map(this.sessionIds);
      const { state, text, problems } = await withQueueLock(
        this.paths,
        async () => {
          const read = await readQueueLocked(this.paths, new Date(nowMs));
          const state = read.state;
          for (const [id, outcome] of recorded) {
            const job = state.jobs.find((j) => j.id === id);
            if (outcome.status !== 'succeeded' && 'error' in outcome && outcome.error) outcome.error = this.redact(outcome.error);
            recordOutcome(job, this.owner, outcome, nowMs, this.backoff, this.opts.random ?? Math.random);
          }
          for (const [id, sessionId] of sessions) {
            const job = state.jobs.find((j) => j.id === id);
            if (job?.status === 'running' && job.ownerToken === this.owner.token) job.sessionId = sessionId;
          }
          interruptOrphans(state, this.owner, nowMs, this.opts.isAlive);
          if (mutate) {
            try {
              result = mutate(state, nowMs);
            } catch (err) {
              failure = err; // the bookkeeping above is still written
            }
          }
          if (this.opts.runJob && !this.disposing) {
            toStart = claimRunnable(state, this.owner, { concurrency: this.concurrency, perExecutor: this.opts.perExecutor }, nowMs, this.opts.accepts);
          }
          pruneEnded(state, this.opts.keepEnded ?? 200);
          if (read.text === null) await ensureStoreGitignore(this.paths.dir);
          const text = await writeQueueLocked(this.paths, state, read.text, this.redactor);
          return { state, text, problems: read.problems };
        },
        this.opts.lock,
      );
      for (const id of recorded.keys()) this.outcomes.delete(id);
      for (const [id, sessionId] of sessions) if (this.sessionIds.get(id) === sessionId) this.sessionIds.delete(id);
      this.state = state;
      for (const p of problems) this.opts.onProblem?.(p);
      for (const job of toStart) this.launch(job);
      this.scheduleWake(nowMs);
      if (text !== this.lastText) {
        this.lastText = text;
        this.emit();
      }
      if (failure !== undefined) throw failure;
      return result as T;
    });
  }

  private launch(job: QueueJob): void {
    const abort = new AbortController();
    const ctx: JobRunContext = {
      setSessionId: (sessionId) => {
        this.sessionIds.set(job.id, sessionId);
        void this.pump();
      },
    };
    const done = (async () => {
      let outcome: RunOutcome;
      try {
        const r = await this.opts.runJob!(structuredClone(job), abort.signal, ctx);
        outcome = r.status === 'failed' ? { ...r, status: 'failed' } : { status: r.status, error: r.error, sessionId: r.sessionId };
      } catch (err) {
        outcome = { status: 'failed', error: describeError(err), transient: isTransientFailure(err) };
      }
      // A run cut short because this window closes was not the user's doing: interrupted.
      if (this.disposing && outcome.status !== 'succeeded') outcome = { status: 'interrupted', sessionId: outcome.sessionId };
      this.outcomes.set(job.id, outcome);
      this.inFlight.delete(job.id);
      if (!this.disposing) await this.pump();
    })();
    this.inFlight.set(job.id, { abort, done });
  }

  /** A transaction for its side effects; failures are reported and retried later, never thrown. */
  private async pump(): Promise<void> {
    if (this.closed) return;
    try {
      await this.transact();
    } catch (err) {
      this.report(err);
      if (!this.disposing && this.ioRetry === undefined) {
        this.ioRetry = this.clock.setTimeout(() => {
          this.ioRetry = undefined;
          void this.pump();
        }, IO_RETRY_MS);
      }
    }
  }

  private async onExternalSignal(): Promise<void> {
    if (this.disposing) return;
    const text = await readQueueText(this.paths).catch(() => undefined);
    if (text !== this.lastText) await this.pump();
  }

  /** One timer for the earliest backoff wait, so a retried job starts when its time comes. */
  private scheduleWake(nowMs: number): void {
    if (!this.opts.runJob || this.disposing) return;
    const at = nextWakeAt(this.state.jobs, nowMs);
    if (at === this.wake?.at) return;
    if (this.wake) this.clock.clearTimeout(this.wake.handle);
    this.wake = undefined;
    if (at === undefined) return;
    const handle = this.clock.setTimeout(() => {
      this.wake = undefined;
      void this.pump();
    }, at - nowMs);
    this.wake = { at, handle };
  }

  private clearTimers(): void {
    if (this.wake) this.clock.clearTimeout(this.wake.handle);
    this.wake = undefined;
    if (this.ioRetry !== undefined) this.clock.clearTimeout(this.ioRetry);
    this.ioRetry = undefined;
  }

  private emit(): void {
    const snap = this.snapshot();
    for (const l of [...this.listeners]) {
      try {
        l(snap);
      } catch {
        // One listener's bug must not keep the others from hearing about the change.
      }
    }
  }

  private report(err: unknown): void {
    const message = `Viban could not update the job queue in ${this.paths.file}: ${describeError(err)}`;
    this.opts.onProblem?.({ kind: 'io', message: this.redact(message), file: this.paths.file });
  }

  private redact(text: string): string {
    return this.redactor.redact(text);
  }

  private mustGet(jobId: string): QueueJob {
    const job = this.get(jobId);
    if (!job) throw new Error(`The job "${jobId}" vanished from the queue.`);
    return job;
  }
}
