// Every change a job's record goes through, as plain functions over the file's state. The queue
// class applies them inside one locked read-modify-write; keeping them here keeps the rules in
// one readable place and out of the I/O.
import type { QueueFile, QueueJob } from '../protocol/queue';
import { isJobEnded } from '../protocol/queue';
import { backoffDelay, isTransientFailure, type BackoffOptions } from './backoff';
import { isoAt } from './clock';
import { INTERRUPTED_REASON, isOwnerAlive, type Owner } from './ownership';
import { fairTagFor, pickRunnable, type Limits } from './scheduler';

/** How a run ended, as the queue records it (the runner's result, or our own verdict). */
export type RunOutcome =
  | { status: 'succeeded'; sessionId?: string }
  | { status: 'stopped'; error?: string; sessionId?: string }
  | { status: 'failed'; error?: string; transient?: boolean; retryAfterMs?: number; sessionId?: string }
  | { status: 'interrupted'; error?: string; sessionId?: string }
  /** A worker shutting down gives the job back: it waits in line again for another worker. */
  | { status: 'handedBack'; error?: string; sessionId?: string };

export const CLOSED_WHILE_RUNNING =
  'Interrupted: Viban closed while this job ran. It was not restarted because the agent may already have changed files; retry it when you are ready.';

export function clearOwner(job: QueueJob): void {
  delete job.ownerPid;
  delete job.ownerHost;
  delete job.ownerToken;
  delete job.workerId;
  delete job.leaseExpiresAt;
  delete job.leaseRenewedAt;
}

function end(job: QueueJob, status: QueueJob['status'], nowMs: number, error?: string): void {
  job.status = status;
  job.endedAt = isoAt(nowMs);
  delete job.nextAttemptAt;
  if (error === undefined) delete job.lastError;
  else job.lastError = error;
  clearOwner(job);
}

/**
 * Records a finished run. Only a job still marked as running by `owner` is changed: if someone
 * else settled it meanwhile (a quarantined file, a hand edit), their record stands.
 */
export function recordOutcome(job: QueueJob | undefined, owner: Owner, outcome: RunOutcome, nowMs: number, backoff: BackoffOptions, random: () => number): boolean {
  if (!job || job.status !== 'running' || job.ownerToken !== owner.token) return false;
  if (outcome.sessionId) job.sessionId = outcome.sessionId;
  applyOutcome(job, outcome, nowMs, backoff, random);
  return true;
}

function applyOutcome(job: QueueJob, outcome: RunOutcome, nowMs: number, backoff: BackoffOptions, random: () => number): void {
  switch (outcome.status) {
    case 'succeeded':
      return end(job, 'succeeded', nowMs);
    case 'stopped':
      return end(job, 'cancelled', nowMs, outcome.error ?? 'Stopped before it finished.');
    case 'interrupted':
      return end(job, 'interrupted', nowMs, outcome.error ?? CLOSED_WHILE_RUNNING);
    case 'handedBack':
      job.status = 'queued';
      // The cut-short attempt does not count against the job's retries.
      job.attempts = Math.max(0, job.attempts - 1);
      job.lastError = outcome.error ?? 'Handed back by a worker that shut down.';
      delete job.startedAt;
      delete job.sessionId;
      clearOwner(job);
      return;
    case 'failed': {
      const reason = outcome.error ?? 'The run failed without saying why.';
      const transient = outcome.transient ?? isTransientFailure(reason);
      if (!transient || job.attempts >= job.maxAttempts) {
        const tries = job.attempts > 1 ? ` (after ${job.attempts} attempts)` : '';
        return end(job, 'failed', nowMs, transient ? `${reason}${tries}` : reason);
      }
      // Back in line at its old place (its task's later jobs keep waiting behind it).
      const delay = Math.max(backoffDelay(job.attempts, backoff, random), outcome.retryAfterMs ?? 0);
      job.status = 'queued';
      job.nextAttemptAt = isoAt(nowMs + delay);
      job.lastError = reason;
      delete job.startedAt;
      clearOwner(job);
      return;
    }
  }
}

/** Running jobs whose owner is gone become interrupted; returns their ids. */
export function interruptOrphans(state: QueueFile, owner: Owner, nowMs: number, alive?: (pid: number) => boolean): string[] {
  const ids: string[] = [];
  for (const job of state.jobs) {
    if (job.status !== 'running' || job.ownerToken === owner.token) continue;
    // A worker's job is judged by its lease (leases.ts), which also kills what it left running.
    if (job.workerId !== undefined) continue;
    if (isOwnerAlive(job, alive)) continue;
    end(job, 'interrupted', nowMs, INTERRUPTED_REASON);
    ids.push(job.id);
  }
  return ids;
}

/** A worker's claim: who holds the job and for how long without a heartbeat. */
export interface Lease {
  workerId: string;
  ttlMs: number;
}

/** Marks the runnable jobs as running by `owner` and returns copies to launch. */
export function claimRunnable(state: QueueFile, owner: Owner, limits: Limits, nowMs: number, accepts?: (job: QueueJob) => boolean, lease?: Lease): QueueJob[] {
  const picked = pickRunnable(state, limits, nowMs, accepts);
  for (const job of picked) {
    if (lease) {
      job.workerId = lease.workerId;
      job.leaseRenewedAt = isoAt(nowMs);
      job.leaseExpiresAt = isoAt(nowMs + lease.ttlMs);
    }
    job.status = 'running';
    job.attempts += 1;
    job.startedAt = isoAt(nowMs);
    job.ownerPid = owner.pid;
    job.ownerHost = owner.host;
    job.ownerToken = owner.token;
    delete job.nextAttemptAt;
    delete job.endedAt;
    state.virtualTime = Math.max(state.virtualTime, job.fairTag);
  }
  return picked.map((j) => structuredClone(j));
}

export class QueueJobError extends Error {
  override readonly name = 'QueueJobError';
}

function find(state: QueueFile, jobId: string): QueueJob {
  const job = state.jobs.find((j) => j.id === jobId);
  if (!job) throw new QueueJobError(`There is no queued job "${jobId}" (it may have finished long ago and been cleaned up).`);
  return job;
}

/** Cancels a waiting job (or dismisses an interrupted one). A running job is its session's to stop. */
export function cancelJob(state: QueueFile, jobId: string, nowMs: number): void {
  const job = find(state, jobId);
  if (job.status === 'running') throw new QueueJobError('This job is running; stop its agent session to end it.');
  if (job.status === 'queued' || job.status === 'interrupted') end(job, 'cancelled', nowMs, 'Cancelled by the user.');
}

/** Puts an ended job (interrupted, failed or cancelled) back in line, at the back, with fresh attempts. */
export function retryJob(state: QueueFile, jobId: string): void {
  const job = find(state, jobId);
  if (job.status === 'queued' || job.status === 'running') return;
  if (job.status === 'succeeded') throw new QueueJobError('This job already succeeded; queue a new one instead.');
  job.status = 'queued';
  job.attempts = 0;
  job.fairTag = fairTagFor(state, job.taskId, job.id);
  job.seq = state.nextSeq++;
  delete job.startedAt;
  delete job.endedAt;
  delete job.nextAttemptAt;
}

/** Forgets the oldest ended jobs beyond `keep`, so the file stays small over months of use. */
export function pruneEnded(state: QueueFile, keep: number): void {
  const ended = state.jobs.filter((j) => isJobEnded(j.status));
  if (ended.length <= keep) return;
  const drop = new Set(
    ended
      .sort((a, b) => (a.endedAt ?? a.createdAt).localeCompare(b.endedAt ?? b.createdAt) || a.seq - b.seq)
      .slice(0, ended.length - keep)
      .map((j) => j.id),
  );
  state.jobs = state.jobs.filter((j) => !drop.has(j.id));
}
