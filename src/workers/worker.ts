// A worker: a long-lived process that registers in .viban/workers/<id>.json, heartbeats, claims
// queued runs with a lease (src/queue/leases.ts) up to its own limits, runs them with the same
// engine a window uses (FolderRuntime: sessions, logs, approvals, cost, worktrees), and records
// their outcomes. Heartbeats renew its leases and rescue the jobs of workers that went silent.
// The queue file is watched (fs.watch, a slow stat poll behind it), so a run starts within
// milliseconds of being queued, not at the next poll.
import * as os from 'node:os';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { FolderRuntime } from '../app/folderRuntime';
import type { QueueJobView, QueueSnapshot } from '../protocol/queue';
import type { RunQueue, RunQueueOptions } from '../queue/runQueue';
import { judgeWorker } from './workerHealth';
import type { CardStatus } from '../sessions/taskStatus';
import { readWorkerRecord, removeWorkerRecord, WORKER_ID, WORKER_SCHEMA_VERSION, writeWorkerRecord, type WorkerCard, type WorkerRecord, type WorkerState } from '../store/workers/workerRecord';

export const DEFAULT_HEARTBEAT_MS = 15_000;
export const DEFAULT_STALE_MS = 60_000;
/** Live card statuses reach the registration at most this often (each session already coalesces its own). */
const CARD_WRITE_MS = 200;
/** How long a run's final card status stays in the registration after it ends (windows read it there). */
const CARD_LINGER_MS = 30_000;

export type StopPolicy = 'finish' | 'handBack';

export interface WorkerOptions {
  root: string;
  id?: string;
  concurrency?: number;
  perExecutor?: Record<string, number>;
  heartbeatMs?: number;
  staleMs?: number;
  /** Drain what is queued, then exit. */
  once?: boolean;
  /** On SIGTERM/SIGINT: let running runs finish (default) or hand them back to the queue. */
  onStop?: StopPolicy;
  /** Exit after this long with nothing queued and nothing running (the extension's background worker). */
  idleExitMs?: number;
  /** Queue a rescued run again even when its agent had started. */
  autoRetry?: boolean;
  /** Opens the folder's runtime with the given queue options (the CLI and tests build it their way). */
  openRuntime: (queue: RunQueueOptions) => Promise<FolderRuntime>;
  log?: (text: string) => void;
}

export class WorkerIdInUseError extends Error {
  override readonly name = 'WorkerIdInUseError';
}

export function defaultWorkerId(): string {
  const host = os.hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 40) || 'host';
  return `${host}-${process.pid}`;
}

export class Worker {
  readonly id: string;
  readonly heartbeatMs: number;
  readonly staleMs: number;
  private runtime!: FolderRuntime;
  private queue!: RunQueue;
  private record!: WorkerRecord;
  private heartbeatTimer: NodeJS.Timeout | undefined;
  private idleTimer: NodeJS.Timeout | undefined;
  /** Jobs this worker held at the last look, to count their outcomes when they end. */
  private held = new Map<string, QueueJobView>();
  private stopping: Promise<void> | undefined;
  private resolveDone!: () => void;
  /** Resolves once the worker has deregistered. */
  readonly done = new Promise<void>((r) => (this.resolveDone = r));
  private lastWritten = '';
  /**
   * Event-loop lag while runs stream through this worker (reported with each heartbeat). Its timer
   * wakes the loop every 10 ms, so it is on only while runs are held here: an idle worker sleeps.
   */
  private readonly loopDelay = monitorEventLoopDelay({ resolution: 10 });
  private measuringLag = false;
  /** Registration writes, one after another, so an older one never lands last. */
  private writes: Promise<void> = Promise.resolve();
  /** Per task: the live status of its agent here (see WorkerCardSchema), written with the registration. */
  private readonly cards = new Map<string, WorkerCard>();
  private cardTimer: NodeJS.Timeout | undefined;

  private constructor(private readonly opts: WorkerOptions) {
    this.id = opts.id ?? defaultWorkerId();
    if (!WORKER_ID.test(this.id)) throw new Error(`"${this.id}" is not a valid worker id: use letters, digits, ".", "_" and "-" (at most 64, starting with a letter or digit).`);
    this.heartbeatMs = opts.heartbeatMs ?? DEFAULT_HEARTBEAT_MS;
    this.staleMs = opts.staleMs ?? DEFAULT_STALE_MS;
    if (this.staleMs <= this.heartbeatMs) throw new Error(`the stale limit (${this.staleMs} ms) must be longer than the heartbeat (${this.heartbeatMs} ms), or a live worker would be rescued between two heartbeats.`);
  }

  static async start(opts: WorkerOptions): Promise<Worker> {
    const worker = new Worker(opts);
    await worker.register();
    return worker;
  }

  get state(): WorkerState {
    return this.record.state;
  }

  get counts(): WorkerRecord['counts'] {
    return { ...this.record.counts };
  }

  /** Stops claiming, lets running runs finish or hands them back, deregisters. Idempotent. */
  stop(reason = 'asked to stop'): Promise<void> {
    this.stopping ??= this.shutdown(reason);
    return this.stopping;
  }

  private async register(): Promise<void> {
    const existing = await readWorkerRecord(this.opts.root, this.id);
    if (existing && existing.pid !== process.pid && judgeWorker(existing, Date.now()).health === 'live') {
      throw new WorkerIdInUseError(`a worker named "${this.id}" is already running (pid ${existing.pid} on ${existing.host}); choose another --id or stop it first`);
    }
    const now = new Date().toISOString();
    this.record = {
      schemaVersion: WORKER_SCHEMA_VERSION,
      id: this.id,
      host: os.hostname(),
      pid: process.pid,
      started: now,
      lastHeartbeat: now,
      heartbeatMs: this.heartbeatMs,
      staleMs: this.staleMs,
      state: 'starting',
      concurrency: Math.max(1, Math.floor(this.opts.concurrency ?? 1)),
      running: [],
      counts: { done: 0, failed: 0, lost: 0 },
    };
    await this.write();
    this.runtime = await this.opts.openRuntime({
      concurrency: this.record.concurrency,
      perExecutor: this.opts.perExecutor,
      runHere: true,
      queue: {
        lease: { workerId: this.id, ttlMs: this.staleMs },
        autoRetryRescued: this.opts.autoRetry,
        // fs.watch does the work; the stat poll only backs it up (a dropped event, a network drive).
        watch: { pollMs: Math.min(2_000, this.heartbeatMs) },
        // Many workers on one queue take turns at its lock; a long-lived worker waits its turn
        // rather than failing (a window or a command keeps the 5 s default).
        lock: { timeoutMs: 30_000 },
        // Counted from what this worker itself wrote down, never from what a rescuer did.
        onRecorded: (job) => {
          if (job.status === 'succeeded') this.record.counts.done++;
          else if (job.status !== 'queued') this.record.counts.failed++;
        },
        onLeaseLost: (job) => {
          // Not ours to count as done or failed: the rescuer recorded it.
          this.held.delete(job.id);
          this.record.counts.lost++;
          void this.write();
          this.opts.log?.(`Lost the lease of ${job.id} (task ${job.taskId}): another process rescued it; its run here is stopped and not recorded.`);
        },
      },
    });
    this.queue = this.runtime.requireQueue();
    this.queue.onChange((s) => this.onQueueChange(s));
    this.runtime.sessions.on({ cardStatus: (taskId, status) => this.noteCard(taskId, status) });
    this.heartbeatTimer = setInterval(() => void this.beat(), this.heartbeatMs);
    await this.beat();
    this.opts.log?.(`Worker ${this.id} (pid ${process.pid}) runs queued work in ${this.opts.root} · concurrency ${this.record.concurrency} · heartbeat ${this.heartbeatMs} ms · stale after ${this.staleMs} ms`);
    this.onQueueChange(this.queue.snapshot());
  }

  /** Renews leases (and rescues others' expired ones), then writes the registration. */
  private async beat(): Promise<void> {
    if (this.record.state === 'stopped') return;
    try {
      await this.queue.heartbeat();
    } catch (err) {
      this.opts.log?.(`Heartbeat could not update the queue: ${(err as Error).message}`);
    }
    // Stage runs left queued by a terminal's `viban move` are claimed here like any run (automation.ts).
    await this.runtime.automation.pickUpQueued().catch((err) => this.opts.log?.(`Could not pick up queued stage runs: ${(err as Error).message}`));
    this.armIdleExit(this.nothingToDo());
    this.record.lastHeartbeat = new Date().toISOString();
    this.publishCards();
    if (this.loopDelay.count > 0) this.record.loopLagMs = { p99: round(this.loopDelay.percentile(99) / 1e6), max: round(this.loopDelay.max / 1e6) };
    this.loopDelay.reset();
    await this.write(true);
  }

  private onQueueChange(snapshot: QueueSnapshot): void {
    if (this.record.state === 'stopped') return;
    // From the snapshot the change came with (it says which running jobs are this process's), so
    // no copy of the whole queue is made per change.
    this.held.clear();
    for (const job of snapshot.jobs) if (job.status === 'running' && job.ownedHere) this.held.set(job.id, job);
    this.record.running = [...this.held.values()].map((j) => ({ jobId: j.id, taskId: j.taskId, executorId: j.executorId, ...(j.sessionId && { sessionId: j.sessionId }), ...(j.startedAt && { startedAt: j.startedAt }) }));
    if (this.record.state !== 'draining') this.record.state = this.held.size ? 'running' : 'idle';
    this.measureLag(this.held.size > 0);
    this.publishCards();
    void this.write();

    const nothingToDo = this.nothingToDo(snapshot);
    if (this.opts.once && nothingToDo) void this.stop('the queue is drained (--once)');
    this.armIdleExit(nothingToDo);
  }

  private measureLag(on: boolean): void {
    if (on === this.measuringLag) return;
    this.measuringLag = on;
    if (on) this.loopDelay.enable();
    else this.loopDelay.disable();
  }

  /** A run's card status changed (coalesced per session): published with the registration, throttled. */
  private noteCard(taskId: string, status: CardStatus): void {
    if (this.record.state === 'stopped') return;
    this.cards.set(taskId, { taskId, agentStatus: status.agentStatus, ...(status.agentStatusMessage !== undefined && { agentStatusMessage: status.agentStatusMessage }), at: new Date().toISOString() });
    this.cardTimer ??= setTimeout(() => {
      this.cardTimer = undefined;
      this.publishCards();
      void this.write();
    }, CARD_WRITE_MS);
  }

  /** Copies the card statuses into the record, dropping the ended runs' ones past their linger time. */
  private publishCards(): void {
    const running = new Set(this.record.running.map((r) => r.taskId));
    const oldest = Date.now() - CARD_LINGER_MS;
    for (const [taskId, card] of this.cards) if (!running.has(taskId) && Date.parse(card.at) < oldest) this.cards.delete(taskId);
    if (this.cards.size) this.record.cards = [...this.cards.values()];
    else delete this.record.cards;
  }

  private nothingToDo(snapshot: QueueSnapshot = this.queue.snapshot()): boolean {
    return snapshot.counts.queued === 0 && this.queue.runningHere().length === 0;
  }

  /**
   * Starts the idle countdown when there is nothing to do, cancels it when there is. Called on
   * every queue change and every heartbeat: a run that ends without changing the queue file (one
   * lost to a rescue) sends no queue change, and the heartbeat still notices the worker is idle.
   */
  private armIdleExit(nothingToDo: boolean): void {
    const ms = this.opts.idleExitMs;
    if (ms === undefined || this.stopping) return;
    if (!nothingToDo) {
      if (this.idleTimer) clearTimeout(this.idleTimer);
      this.idleTimer = undefined;
      return;
    }
    this.idleTimer ??= setTimeout(() => {
      // Only if still idle: work may have been claimed by a transaction whose change is on its way.
      this.idleTimer = undefined;
      if (this.nothingToDo()) void this.stop(`idle for ${describeDuration(ms)} with nothing queued or running`);
      else this.armIdleExit(false);
    }, ms);
  }

  private async shutdown(reason: string): Promise<void> {
    this.opts.log?.(`Worker ${this.id} stopping: ${reason}.`);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.queue) {
      this.queue.pauseClaims();
      this.record.state = 'draining';
      await this.write();
      if (this.opts.onStop === 'handBack') this.queue.setShutdownOutcome('handedBack');
      // Leases keep being renewed while the running runs finish (the heartbeat timer goes on).
      else await this.queue.idle();
    }
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    if (this.cardTimer) clearTimeout(this.cardTimer);
    this.measureLag(false);
    await this.runtime?.dispose();
    this.record.state = 'stopped';
    await this.writes;
    await removeWorkerRecord(this.opts.root, this.id);
    this.resolveDone();
  }

  /** Writes the registration when it changed (always on a heartbeat: the time is the news). */
  private write(force = false): Promise<void> {
    if (this.record.state === 'stopped') return this.writes;
    const text = JSON.stringify(this.record);
    if (!force && text === this.lastWritten) return this.writes;
    this.lastWritten = text;
    const record = structuredClone(this.record);
    this.writes = this.writes
      .then(() => (this.record.state === 'stopped' ? undefined : writeWorkerRecord(this.opts.root, record)))
      .catch((err) => this.opts.log?.(`Could not write the worker registration: ${(err as Error).message}`));
    return this.writes;
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10;

/** "2 s", "90 s", "10 min": how long an idle exit waited, as a person reads it. */
export function describeDuration(ms: number): string {
  if (ms < 120_000) return `${round(ms / 1000)} s`;
  if (ms < 7_200_000) return `${round(ms / 60_000)} min`;
  return `${round(ms / 3_600_000)} h`;
}
