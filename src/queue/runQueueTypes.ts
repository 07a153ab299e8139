// The shapes the run queue takes and returns: its options, a run's payload and request, and what
// queueing reports back. Kept apart so features that queue work (graph, automation, MCP, workers)
// depend on these types without reading the queue's glue.
import type { PermissionMode } from '../executors/types';
import type { QueueJob } from '../protocol/queue';
import type { Budget } from '../sessions/budget';
import type { JobQueueOptions } from './';
import type { RescuedJob } from './leases';

export interface QueueLimits {
  concurrency?: number;
  perExecutor?: Record<string, number>;
  maxAttempts?: number;
}

export interface RunQueueOptions extends QueueLimits {
  /** Read at every start, so a settings change applies to the next run. */
  budget?: () => Budget | undefined;
  /** Passed through to the queue (tests: fast polling, short dispose grace, fake liveness). */
  queue?: Pick<JobQueueOptions, 'watch' | 'disposeGraceMs' | 'isAlive' | 'backoff' | 'clock' | 'random' | 'lock' | 'lease' | 'autoRetryRescued' | 'onLeaseLost' | 'onRecorded' | 'accepts'>;
  /**
   * Run jobs in this process (default true). False: a window whose runs belong to background
   * workers — it queues, watches, rescues, and leaves the running to them.
   */
  runHere?: boolean;
  /** Told of every rescue this process performed (after the sessions were settled). */
  onRescued?: (rescued: RescuedJob[]) => void;
  /** How often a streaming reply is rewritten in the conversation (default 400 ms). */
  replyThrottleMs?: number;
}

/** What a 'run' job carries (the confirmation card's choices). */
export interface RunPayload {
  prompt?: string;
  permissionMode?: PermissionMode;
  model?: string;
  cwd?: string;
  worktree?: { path: string; branch: string; base: string };
  timeoutMs?: number;
  /** Set on the runs of a task graph (viban run-all): the process driving the graph runs exactly these. */
  graphRunId?: string;
  /** False: the card stays in its column (stage automation moves it itself). */
  columnFlow?: boolean;
}

export interface RunRequest extends RunPayload {
  taskId: string;
  executorId: string;
  /** The webview's request id: a resent request finds its first job instead of queueing twice. */
  requestId?: string;
}

export interface Enqueued {
  job: QueueJob;
  /** The session id the run will have, fixed when it was queued (a run job always has one). */
  reservedSessionId?: string;
  /** Set when the job started at once. */
  sessionId?: string;
  /** Place in line when it waits ("Queued #2"). */
  position?: number;
}
