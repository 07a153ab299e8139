// The durable queue (DESIGN §3, `.viban/queue.json`): every agent run and every follow-up message
// waits here for a slot. The file shape and the snapshot the board and the status bar show.
import { z } from 'zod';

export const QUEUE_SCHEMA_VERSION = 1;

export const QueueJobKindSchema = z.enum(['run', 'message']);
export type QueueJobKind = z.infer<typeof QueueJobKindSchema>;

export const QueueJobStatusSchema = z.enum(['queued', 'running', 'succeeded', 'failed', 'interrupted', 'cancelled']);
export type QueueJobStatus = z.infer<typeof QueueJobStatusSchema>;

/** Statuses after which a job never runs again on its own (interrupted waits for an explicit retry). */
export const ENDED_JOB_STATUSES: readonly QueueJobStatus[] = ['succeeded', 'failed', 'interrupted', 'cancelled'];
export const isJobEnded = (s: QueueJobStatus): boolean => ENDED_JOB_STATUSES.includes(s);

/** Whatever the runner needs to start the job (prompt, model, permission mode...): plain JSON. */
export const JobPayloadSchema = z.record(z.string(), z.unknown());
export type JobPayload = z.infer<typeof JobPayloadSchema>;

const isoTime = z.string().min(1);

export const QueueJobSchema = z.object({
  id: z.string().min(1),
  taskId: z.string().min(1),
  kind: QueueJobKindSchema,
  executorId: z.string().min(1),
  payload: JobPayloadSchema,
  /** A short human line for the board ("Add tests for the parser"); never the whole prompt. */
  summary: z.string().optional(),
  status: QueueJobStatusSchema,
  /** Runs started so far (a transient failure that is retried counts as one). */
  attempts: z.number().int().nonnegative(),
  maxAttempts: z.number().int().positive(),
  /** While queued after a transient failure: not before this time (ISO). */
  nextAttemptAt: isoTime.optional(),
  lastError: z.string().optional(),
  dedupeKey: z.string().optional(),
  createdAt: isoTime,
  startedAt: isoTime.optional(),
  endedAt: isoTime.optional(),
  /** The process running the job (an extension host or a `viban` command), while it runs. */
  ownerPid: z.number().int().optional(),
  /** A pid only means something on the machine that wrote it (the folder may be shared). */
  ownerHost: z.string().optional(),
  /** Which queue instance inside that process: tells apart two queues in one process. */
  ownerToken: z.string().optional(),
  sessionId: z.string().optional(),
  /** The worker (`viban worker`) holding the job's lease while it runs; absent for a window's own runs. */
  workerId: z.string().optional(),
  /** The lease: renewed with the worker's heartbeat; past this time any process may rescue the job. */
  leaseExpiresAt: isoTime.optional(),
  /** When the worker last renewed the lease (its last heartbeat as far as this job knows). */
  leaseRenewedAt: isoTime.optional(),
  /** Enqueue order, unique in the file; a retried job gets a new one (it goes to the back). */
  seq: z.number().int().nonnegative(),
  /** Fair-queueing tag: jobs start in (fairTag, seq) order, which interleaves busy tasks. */
  fairTag: z.number().nonnegative(),
});
export type QueueJob = z.infer<typeof QueueJobSchema>;

export const QueueFileSchema = z.object({
  schemaVersion: z.literal(QUEUE_SCHEMA_VERSION),
  /** The next job's seq. */
  nextSeq: z.number().int().nonnegative(),
  /** The fair tag of the most recently started job (the queue's "virtual time"). */
  virtualTime: z.number().nonnegative(),
  jobs: z.array(QueueJobSchema),
});
export type QueueFile = z.infer<typeof QueueFileSchema>;

/** A job as the board and the status bar see it: no payload, no owner token, plus its place in line. */
export const QueueJobViewSchema = QueueJobSchema.omit({ payload: true, ownerToken: true, fairTag: true }).extend({
  /** 1-based place among queued jobs in the order they are expected to start ("queued #2"). */
  position: z.number().int().positive().optional(),
  /** True when this window (not another window or a `viban` command) runs the job. */
  ownedHere: z.boolean(),
});
export type QueueJobView = z.infer<typeof QueueJobViewSchema>;

export const QueueSnapshotSchema = z.object({
  /** Running jobs, then queued ones in start order, then ended ones newest first. */
  jobs: z.array(QueueJobViewSchema),
  counts: z.object({
    queued: z.number().int().nonnegative(),
    running: z.number().int().nonnegative(),
    failed: z.number().int().nonnegative(),
    interrupted: z.number().int().nonnegative(),
  }),
  /** The global limit of jobs running at once. */
  concurrency: z.number().int().positive(),
});
export type QueueSnapshot = z.infer<typeof QueueSnapshotSchema>;
