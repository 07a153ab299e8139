// Who runs a job, and whether they still exist. A job left "running" by a window that crashed
// must not block its task forever, and must not be re-run silently either: the agent may
// already have edited files. So a dead owner's job becomes "interrupted" and waits for the user.
import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import type { QueueJob } from '../protocol/queue';
import { isAlive } from '../process/liveness';

export interface Owner {
  pid: number;
  host: string;
  token: string;
}

/** Tokens of the queue instances alive in this process (two queues in one process share a pid). */
const liveTokens = new Set<string>();

export function newOwner(): Owner {
  const owner = { pid: process.pid, host: os.hostname(), token: randomBytes(6).toString('hex') };
  liveTokens.add(owner.token);
  return owner;
}

export function retireOwner(owner: Owner): void {
  liveTokens.delete(owner.token);
}

/**
 * False only when we can tell the owner is gone: its pid is dead on this host, or it is this
 * process but no live queue holds its token. A job from another host is never judged.
 */
export function isOwnerAlive(job: QueueJob, alive: (pid: number) => boolean = isAlive): boolean {
  if (job.ownerPid === undefined) return false;
  if (job.ownerHost !== undefined && job.ownerHost !== os.hostname()) return true;
  if (job.ownerPid === process.pid) return job.ownerToken !== undefined && liveTokens.has(job.ownerToken);
  return alive(job.ownerPid);
}

export const INTERRUPTED_REASON =
  'Interrupted: the window or command running this job closed before it finished. It was not restarted because the agent may already have changed files; retry it when you are ready.';
