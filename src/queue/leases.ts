// Leases: how a worker holds a running job, and how anyone rescues the jobs of a worker that
// stopped heartbeating. Pure functions over the queue file's state; the queue applies them under
// its lock. The rules (after Oban's heartbeat lifeline and BullMQ's stalled-job checker):
// a lease is renewed with every heartbeat; a job is rescued only when its lease has run out (or
// its worker's pid is dead on this host), never by its age; it is queued again only when that is
// safe — it never started an agent, or its run says so (`autoRetry`) — and never beyond its
// attempts, since an agent that already edited files must not silently run twice.
import * as os from 'node:os';
import type { QueueFile, QueueJob } from '../protocol/queue';
import { isoAt } from './clock';
import type { Owner } from './ownership';
import { clearOwner } from './transitions';

export interface RescuedJob {
  /** The job as it was before the rescue (owner, worker, session still named). */
  before: QueueJob;
  /** What it became: queued again, or interrupted waiting for a retry. */
  status: 'queued' | 'interrupted';
  /** The plain reason shown on the card and the job. */
  reason: string;
  /** The session it had started, if any (its leftover processes are to be ended). */
  sessionId?: string;
  /** True when the job ran on this machine (its processes can be found and ended here). */
  sameHost: boolean;
}

/** Renews the lease of every job `owner` runs; returns the ids it still holds. */
export function renewLeases(state: QueueFile, owner: Owner, nowMs: number, ttlMs: number): Set<string> {
  const held = new Set<string>();
  for (const job of state.jobs) {
    if (job.status !== 'running' || job.ownerToken !== owner.token || job.workerId === undefined) continue;
    job.leaseRenewedAt = isoAt(nowMs);
    job.leaseExpiresAt = isoAt(nowMs + ttlMs);
    held.add(job.id);
  }
  return held;
}

/**
 * Running jobs held by a worker that is gone: its lease expired, or it ran on this host and its
 * process no longer exists (no need to wait out the lease for a worker we know is dead).
 */
export function expiredLeases(state: QueueFile, owner: Owner, nowMs: number, alive: (pid: number) => boolean): QueueJob[] {
  const host = os.hostname();
  return state.jobs.filter((job) => {
    if (job.status !== 'running' || job.workerId === undefined || job.ownerToken === owner.token) return false;
    if (job.leaseExpiresAt !== undefined && Date.parse(job.leaseExpiresAt) < nowMs) return true;
    return job.ownerHost === host && job.ownerPid !== undefined && job.ownerPid !== process.pid && !alive(job.ownerPid);
  });
}

/** The earliest time another worker's lease runs out, so one timer can wake a rescue. */
export function nextLeaseExpiry(jobs: readonly QueueJob[], owner: Owner): number | undefined {
  let at: number | undefined;
  for (const j of jobs) {
    if (j.status !== 'running' || j.ownerToken === owner.token || !j.leaseExpiresAt) continue;
    const t = Date.parse(j.leaseExpiresAt);
    if (at === undefined || t < at) at = t;
  }
  return at;
}

/** "14:02" in this machine's time zone: what a person reads on the card. */
export function clockTime(iso: string | undefined): string {
  if (!iso) return 'an unknown time';
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}

export interface RescueRules {
  /** Settings: queue rescued runs again even when their agent had started (default false). */
  autoRetry?: boolean;
  /** Whether the job's session exists on disk (its agent may have started before the job knew). */
  started: (job: QueueJob) => boolean;
}

/** Rescues the given jobs in `state`; returns what happened to each. */
export function rescueJobs(state: QueueFile, ids: readonly string[], nowMs: number, rules: RescueRules): RescuedJob[] {
  const rescued: RescuedJob[] = [];
  const host = os.hostname();
  for (const id of ids) {
    const job = state.jobs.find((j) => j.id === id);
    if (!job || job.status !== 'running' || job.workerId === undefined) continue;
    const before = structuredClone(job);
    const sameHost = job.ownerHost === undefined || job.ownerHost === host;
    const dead = sameHost && job.ownerPid !== undefined && (job.leaseExpiresAt === undefined || Date.parse(job.leaseExpiresAt) >= nowMs);
    const who = `the worker ${job.workerId} on host ${job.ownerHost ?? host}`;
    const what = dead ? `${who} exited at ${clockTime(isoAt(nowMs))}` : `${who} stopped responding at ${clockTime(job.leaseRenewedAt)}`;
    const started = job.sessionId !== undefined || rules.started(job);
    const safe = !started || rules.autoRetry === true || job.payload.autoRetry === true;
    const requeue = safe && job.attempts < job.maxAttempts;
    const reason = requeue
      ? `Interrupted: ${what}; queued again${started ? ' (automatic retry is on)' : ' (its agent had not started)'}.`
      : `Interrupted: ${what}. It was not restarted because the agent may already have changed files; retry it when you are ready.`;
    clearOwner(job);
    job.lastError = reason;
    if (requeue) {
      job.status = 'queued';
      delete job.startedAt;
      delete job.sessionId;
    } else {
      job.status = 'interrupted';
      job.endedAt = isoAt(nowMs);
    }
    delete job.nextAttemptAt;
    rescued.push({ before, status: job.status, reason, sessionId: before.sessionId ?? sessionIdOf(before), sameHost });
  }
  return rescued;
}

/** The session a job's run reserved at enqueue time (payload.sessionId), if any. */
export function sessionIdOf(job: QueueJob): string | undefined {
  const id = job.payload.sessionId;
  return typeof id === 'string' && id ? id : undefined;
}

export interface RescueHooks {
  isAlive: (pid: number) => boolean;
  /** Whether a reserved session was started (its run may have begun before the worker died). */
  sessionExists?: (sessionId: string) => Promise<boolean>;
  autoRetry?: boolean;
  /** Ends a rescued job's leftovers (its processes, its session record). */
  onRescue?: (rescued: RescuedJob[]) => Promise<void>;
  report(err: unknown): void;
}

/** Under the queue's lock: rescues jobs of workers that are gone and lets onRescue end their leftovers. */
export async function rescueExpired(state: QueueFile, owner: Owner, nowMs: number, hooks: RescueHooks): Promise<RescuedJob[]> {
  const expired = expiredLeases(state, owner, nowMs, hooks.isAlive);
  if (expired.length === 0) return [];
  const started = new Set<string>();
  for (const job of expired) {
    const reserved = sessionIdOf(job);
    if (job.sessionId === undefined && reserved && (await hooks.sessionExists?.(reserved).catch(() => true))) started.add(job.id);
  }
  const rescued = rescueJobs(state, expired.map((j) => j.id), nowMs, { autoRetry: hooks.autoRetry, started: (j) => started.has(j.id) });
  if (rescued.length) await hooks.onRescue?.(rescued).catch((err) => hooks.report(err));
  return rescued;
}
