// The durable queue: every agent run and every follow-up message waits in .viban/queue.json for
// a slot, whichever window or command enqueued it. Each change is one locked read-modify-write
// that also records finished runs, interrupts orphans of dead processes and claims whatever may
// start now, so the file is the single truth that every process sharing the folder follows.
// The queue does not know how to run an agent: `runJob` does (the lead wires SessionManager).
import type { QueueFile, QueueJob, QueueSnapshot } from '../protocol/queue';
import { describeError } from '../store/fsErrors';
import { ensureStoreGitignore } from '../store/storeGitignore';
import { SerialQueue } from '../store/serialQueue';
import { watchFileSignals } from '../store/storeWatcher';
import { DEFAULT_BACKOFF, isTransientFailure, type BackoffOptions } from './backoff';
import { systemClock, type Clock } from './clock';
import { QueueTimers } from './queueTimers';
import { addJob } from './addJob';
import { waitForJobEnd } from './waitForJob';
import { newOwner, retireOwner, type Owner } from './ownership';
import { emptyQueueFile, queuePaths, readQueueLocked, readQueueText, withQueueLock, writeQueueLocked, type QueuePaths } from '../store/queue/queueFile';
import { nextWakeAt } from './scheduler';
import { buildSnapshot, positionIn } from './snapshot';
import type { EnqueueRequest, EnqueueResult, JobQueueOptions, JobRunContext } from './queueTypes';
import { Redactor } from '../secrets/redactor';
import { cancelJob, claimRunnable, interruptOrphans, pruneEnded, recordOutcome, retryJob, type RunOutcome } from './transitions';
import { nextLeaseExpiry, renewLeases, rescueExpired } from './leases';
import { isAlive } from '../process/liveness';

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
  private readonly inFlight = new Map<string, { abort: AbortController; done: Promise<void>; lost?: boolean }>();
  /** A worker draining for shutdown claims nothing new. */
  private claimsPaused = false;
  /** What a run cut short by dispose() becomes: interrupted (a window closing) or handed back (a worker leaving). */
  private shutdownOutcome: 'interrupted' | 'handedBack' = 'interrupted';
  /** Runs that ended but are not yet written down (kept until a write succeeds). */
  private readonly outcomes = new Map<string, RunOutcome>();
  private readonly sessionIds = new Map<string, string>();
  private readonly closeWaiters = new Set<() => void>();
  /** Masking is not optional: without a redactor given, this process's environment is used. */
  private readonly redactor: Pick<Redactor, 'redact'>;
  private state: QueueFile = emptyQueueFile();
  private lastText: string | null | undefined;
  private readonly timers: QueueTimers;
  private stopWatching: (() => void) | undefined;
  private disposing = false;
  private isClosed = false;
  private disposed: Promise<void> | undefined;

  private constructor(private opts: JobQueueOptions) {
    this.paths = queuePaths(opts.root);
    this.clock = opts.clock ?? systemClock;
    this.timers = new QueueTimers(this.clock);
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
    const summary = req.summary === undefined ? undefined : this.redact(req.summary.slice(0, 200));
    const { id, duplicate } = await this.transact((state, nowMs) => addJob(state, req, nowMs, { maxAttempts: this.opts.maxAttempts, summary }));
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

  /**
   * A worker's heartbeat: renews the lease of every job it runs, rescues jobs of workers whose
   * lease ran out, and stops the runs whose lease this worker lost. Returns the jobs it holds.
   */
  async heartbeat(): Promise<string[]> {
    const lease = this.opts.lease;
    if (!lease) throw new Error('heartbeat() is for a queue opened as a worker (with a lease).');
    return this.transact((state, nowMs) => [...renewLeases(state, this.owner, nowMs, lease.ttlMs)]);
  }

  /** Claims nothing more; running jobs go on. */
  pauseClaims(): void {
    this.claimsPaused = true;
  }

  /** How dispose() records runs it cuts short: 'handedBack' puts them back in line for another worker. */
  setShutdownOutcome(outcome: 'interrupted' | 'handedBack'): void {
    this.shutdownOutcome = outcome;
  }

  /** Jobs this process is running now. */
  runningHere(): string[] {
    return [...this.inFlight.keys()];
  }

  /** Resolves when nothing runs here any more (a draining worker waits for this). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight.values()].map((r) => r.done));
    await this.settled();
  }

  /** The owner token of this queue instance (tells its jobs apart in the file). */
  get ownerToken(): string {
    return this.owner.token;
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
    return waitForJobEnd(
      {
        closed: this.isClosed,
        get: (id) => this.get(id),
        onChange: (l) => this.onChange(l),
        onClose: (reject) => {
          this.closeWaiters.add(reject);
          return () => this.closeWaiters.delete(reject);
        },
      },
      jobId,
    );
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
    this.timers.clear();
    const running = [...this.inFlight.values()];
    for (const r of running) r.abort.abort();
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(running.map((r) => r.done)),
      new Promise<void>((resolve) => (grace = setTimeout(resolve, this.opts.disposeGraceMs ?? 3_000))),
    ]);
    clearTimeout(grace);
    for (const [id, r] of this.inFlight) if (!this.outcomes.has(id) && !r.lost) this.outcomes.set(id, { status: this.shutdownOutcome });
    if (this.outcomes.size > 0) await this.transact().catch((err) => this.report(err));
    this.timers.clear();
    this.isClosed = true;
    retireOwner(this.owner);
    this.listeners.clear();
    for (const reject of this.closeWaiters) reject();
    this.closeWaiters.clear();
  }

  /** One locked read-modify-write; `mutate` runs on the fresh state between the bookkeeping steps. */
  private transact<T = void>(mutate?: (state: QueueFile, nowMs: number) => T): Promise<T> {
    return this.serial.run(async () => {
      if (this.isClosed) throw new Error('The job queue is closed.');
      const nowMs = this.clock.now();
      let result: T | undefined;
      let failure: unknown;
      let toStart: QueueJob[] = [];
      const lostOnEnd: QueueJob[] = [];
      const recordedJobs: QueueJob[] = [];
      const recorded = new Map(this.outcomes);
      const sessions = new Map(this.sessionIds);
      const { state, text, problems } = await withQueueLock(
        this.paths,
        async () => {
          const read = await readQueueLocked(this.paths, new Date(nowMs));
          const state = read.state;
          for (const [id, outcome] of recorded) {
            const job = state.jobs.find((j) => j.id === id);
            // A worker's run that ended after someone rescued it: its outcome is not ours to write.
            if (this.opts.lease && job && !(job.status === 'running' && job.ownerToken === this.owner.token)) lostOnEnd.push(structuredClone(job));
            if (outcome.status !== 'succeeded' && 'error' in outcome && outcome.error) outcome.error = this.redact(outcome.error);
            if (recordOutcome(job, this.owner, outcome, nowMs, this.backoff, this.opts.random ?? Math.random)) recordedJobs.push(structuredClone(job!));
          }
          for (const [id, sessionId] of sessions) {
            const job = state.jobs.find((j) => j.id === id);
            if (job?.status === 'running' && job.ownerToken === this.owner.token) job.sessionId = sessionId;
          }
          interruptOrphans(state, this.owner, nowMs, this.opts.isAlive);
          const { isAlive: alive = isAlive, sessionExists, autoRetryRescued: autoRetry, onRescue } = this.opts;
          await rescueExpired(state, this.owner, nowMs, { isAlive: alive, sessionExists, autoRetry, onRescue, report: (err) => this.report(err) });
          if (mutate) {
            try {
              result = mutate(state, nowMs);
            } catch (err) {
              failure = err; // the bookkeeping above is still written
            }
          }
          if (this.opts.runJob && !this.disposing && !this.claimsPaused) {
            const limits = { concurrency: this.concurrency, perExecutor: this.opts.perExecutor, ...(this.opts.lease && { ownerToken: this.owner.token }) };
            toStart = claimRunnable(state, this.owner, limits, nowMs, this.opts.accepts, this.opts.lease);
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
      // Runs whose outcome this transaction wrote (a shutdown cut them short) are not lost.
      if (!this.disposing) this.stopLostRuns(state);
      for (const job of lostOnEnd) this.opts.onLeaseLost?.(job);
      for (const job of recordedJobs) this.opts.onRecorded?.(job);
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
      // A transaction marks a rescued job's run lost and aborts it (stopLostRuns).
      ...(this.opts.lease && { confirmLease: () => this.transact() }),
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
      if (this.disposing && outcome.status !== 'succeeded') outcome = { status: this.shutdownOutcome, sessionId: outcome.sessionId };
      // Someone rescued it while we ran: the record is theirs now, we write nothing.
      if (this.inFlight.get(job.id)?.lost) {
        this.inFlight.delete(job.id);
        if (!this.disposing) await this.pump();
        return;
      }
      this.outcomes.set(job.id, outcome);
      this.inFlight.delete(job.id);
      if (!this.disposing) await this.pump();
    })();
    this.inFlight.set(job.id, { abort, done });
  }

  /** A worker's runs whose job is no longer its own (rescued elsewhere): stop them, record nothing. */
  private stopLostRuns(state: QueueFile): void {
    if (!this.opts.lease) return;
    for (const [id, run] of this.inFlight) {
      if (run.lost || this.outcomes.has(id)) continue;
      const job = state.jobs.find((j) => j.id === id);
      if (job && job.status === 'running' && job.ownerToken === this.owner.token) continue;
      run.lost = true;
      run.abort.abort();
      if (job) this.opts.onLeaseLost?.(structuredClone(job));
    }
  }

  /** A transaction for its side effects; failures are reported and retried later, never thrown. */
  private async pump(): Promise<void> {
    if (this.isClosed) return;
    try {
      await this.transact();
    } catch (err) {
      this.report(err);
      if (!this.disposing) this.timers.retryIo(IO_RETRY_MS, () => void this.pump());
    }
  }

  private async onExternalSignal(): Promise<void> {
    if (this.disposing) return;
    const text = await readQueueText(this.paths).catch(() => undefined);
    if (text !== this.lastText) await this.pump();
  }

  /** One timer for the earliest backoff wait, so a retried job starts when its time comes. */
  private scheduleWake(nowMs: number): void {
    if (this.disposing) return;
    // Backoff waits matter to a process that runs jobs; an expiring lease to every process,
    // since any live worker or window rescues a dead worker's jobs.
    const backoffAt = this.opts.runJob ? nextWakeAt(this.state.jobs, nowMs) : undefined;
    const leaseAt = nextLeaseExpiry(this.state.jobs, this.owner);
    const candidates = [backoffAt, leaseAt === undefined ? undefined : Math.max(nowMs, leaseAt + 1)].filter((t): t is number => t !== undefined);
    this.timers.wakeAt(candidates.length ? Math.min(...candidates) : undefined, nowMs, () => void this.pump());
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
