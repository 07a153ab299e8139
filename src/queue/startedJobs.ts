// What the caller who enqueued a job learns about it: the session it started here (once known),
// why it did not start (kept a moment after the job ends), or its place in line.
import type { QueueJob } from '../protocol/queue';
import type { JobQueue } from './jobQueue';
import { sessionIdOf } from './leases';
import type { Enqueued } from './runQueueTypes';

/** Why a start failed is kept this long after its job ends, for the caller still describing it. */
const FAILURE_KEPT_MS = 10_000;

export class StartedJobs {
  /** Jobs that started here, resolved with their session id (or undefined if none started). */
  private readonly started = new Map<string, { promise: Promise<string | undefined>; resolve: (id: string | undefined) => void }>();
  /** Why a job that started here ended without a session (refused, the executor would not start). */
  private readonly failures = new Map<string, string>();

  constructor(private readonly queue: () => JobQueue) {}

  /** A job begins here; call `end` when its run is over (however it ended). */
  begin(jobId: string): { sessionStarted: (id: string) => void; failed: (reason: string) => void; end: () => void } {
    const entry = this.entry(jobId);
    return {
      sessionStarted: (id) => entry.resolve(id),
      failed: (reason) => void this.failures.set(jobId, reason),
      end: () => {
        entry.resolve(undefined);
        this.started.delete(jobId);
        setTimeout(() => this.failures.delete(jobId), FAILURE_KEPT_MS).unref?.();
      },
    };
  }

  /** The job as the caller should see it: its session id when it started here, or its place in line. */
  async describe(job: QueueJob, failIfRefused = true): Promise<Enqueued> {
    const reserved = sessionIdOf(job);
    return { ...(await this.describeStart(job, failIfRefused)), ...(reserved && { reservedSessionId: reserved }) };
  }

  private async describeStart(job: QueueJob, failIfRefused: boolean): Promise<Enqueued> {
    const queue = this.queue();
    const entry = this.started.get(job.id);
    if (job.status === 'running' && entry) {
      const sessionId = await Promise.race([entry.promise, queue.waitForEnd(job.id).then(() => undefined, () => undefined)]);
      const failure = this.failures.get(job.id);
      this.failures.delete(job.id);
      if (!sessionId && failure && failIfRefused) throw new Error(failure);
      const now = queue.get(job.id) ?? job;
      const id = sessionId ?? now.sessionId;
      return { job: now, ...(id && { sessionId: id }) };
    }
    if (failIfRefused && job.status === 'failed') throw new Error(job.lastError ?? 'The agent did not start.');
    const position = queue.positionOf(job.id);
    return { job, ...(position !== undefined && { position }), ...(job.sessionId && { sessionId: job.sessionId }) };
  }

  private entry(jobId: string) {
    let entry = this.started.get(jobId);
    if (!entry) {
      let resolve!: (id: string | undefined) => void;
      const promise = new Promise<string | undefined>((r) => (resolve = r));
      entry = { promise, resolve };
      this.started.set(jobId, entry);
    }
    return entry;
  }
}
