// What the queue needs from its users and offers them: the runner contract and the options.
import type { JobPayload, QueueJob, QueueJobKind } from '../protocol/queue';
import type { StoreProblem } from '../protocol/messages';
import type { LockOptions } from '../store/fileLock';
import type { Redactor } from '../secrets/redactor';
import type { BackoffOptions } from './backoff';
import type { Clock } from './clock';
import type { RescuedJob } from './leases';

export interface JobRunResult {
  status: 'succeeded' | 'failed' | 'stopped';
  error?: string;
  /** Worth retrying (429, 5xx, network). Left out: guessed from `error`. */
  transient?: boolean;
  /** A provider's Retry-After, used as the minimum backoff delay. */
  retryAfterMs?: number;
  sessionId?: string;
}

export interface JobRunContext {
  /** Records the session as soon as it exists, so the board can link a running job to its log. */
  setSessionId(sessionId: string): void;
  /**
   * A worker, just before its agent starts: re-reads the queue under its lock. If the job was
   * rescued meanwhile (this process stalled past the stale limit between claim and start), the
   * run's signal is aborted and its outcome is not recorded — the agent must not start at all.
   */
  confirmLease?(): Promise<void>;
}

export type JobRunner = (job: QueueJob, signal: AbortSignal, ctx: JobRunContext) => Promise<JobRunResult>;

export interface JobQueueOptions {
  /** Workspace folder; the queue lives in <root>/.viban/queue.json. */
  root: string;
  /** Runs a job to its end. Without one this process only enqueues (e.g. `viban send`). */
  runJob?: JobRunner;
  /** Jobs running at once across every process sharing the folder (setting, default 2). */
  concurrency?: number;
  /** Optional cap per executor id. */
  perExecutor?: Record<string, number>;
  /** Attempts for a job that keeps failing transiently (setting, default 3). */
  maxAttempts?: number;
  backoff?: Partial<BackoffOptions>;
  random?: () => number;
  clock?: Clock;
  /** Which queued jobs this process is willing to run (default: all). */
  accepts?: (job: QueueJob) => boolean;
  /** Ended jobs kept for the board and for duplicate detection (default 200). */
  keepEnded?: number;
  /** Notice other processes' changes (default true; poll interval in ms, default 500). */
  watch?: boolean | { pollMs?: number };
  lock?: LockOptions;
  /** Masks secrets in the texts the queue writes for people (summary, errors); never the payload. Default: one for this process's environment. */
  redactor?: Redactor;
  onProblem?: (problem: StoreProblem) => void;
  /** How long dispose() lets aborted runs report their real outcome (default 3000 ms). */
  disposeGraceMs?: number;
  /** Tests: judge pids without signalling real processes. */
  isAlive?: (pid: number) => boolean;
  /**
   * Run as a worker (`viban worker`): each claim carries a lease (worker id + expiry) that
   * heartbeat() renews, and the limits count this worker's own jobs only.
   */
  lease?: { workerId: string; ttlMs: number };
  /** Rescue: queue a rescued run again even when its agent had started (setting, default false). */
  autoRetryRescued?: boolean;
  /**
   * Called under the queue lock with the jobs just rescued, before the rescue is written: ends
   * their leftover processes and settles their sessions, so no process ever sees the job
   * rescued while its session still looks alive.
   */
  onRescue?: (rescued: RescuedJob[]) => Promise<void>;
  /** Whether a session exists on disk (rescue: had the agent started before the job knew?). */
  sessionExists?: (sessionId: string) => Promise<boolean>;
  /** A run of this process ended and its outcome was written (the job as recorded: ended, or queued for a retry). */
  onRecorded?: (job: QueueJob) => void;
  /** This worker runs a job whose lease it lost (another process rescued it): its run is being stopped. */
  onLeaseLost?: (job: QueueJob) => void;
}

export interface EnqueueRequest {
  taskId: string;
  kind: QueueJobKind;
  executorId: string;
  payload?: JobPayload;
  summary?: string;
  maxAttempts?: number;
  dedupeKey?: string;
  /** How long an ended job still counts as a duplicate (default 60 s). Waiting and running ones always do. */
  dedupeWindowMs?: number;
}

export interface EnqueueResult {
  job: QueueJob;
  /** True when an existing job with the same dedupe key was returned instead of a new one. */
  duplicate: boolean;
}
