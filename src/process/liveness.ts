// Is a process, or a process group, still running? The one answer every part of Viban uses
// (agents, lock holders, the owners of sessions and queue jobs).
import { allProcs, hasProcTable, readProc } from './procTable';

/**
 * True while `pid` runs. A zombie has exited (only its parent's wait() is missing), so it counts
 * as gone; a process of another user (EPERM) exists, so it counts as alive. 0 and negative
 * numbers name groups for kill(2), never one process: they are not alive.
 */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return !readProc(pid)?.zombie;
}

/** True while any process of group `pgid` runs (a group made only of zombies has ended). */
export function groupAlive(pgid: number): boolean {
  if (!Number.isInteger(pgid) || pgid <= 1 || process.platform === 'win32') return false;
  try {
    process.kill(-pgid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (!hasProcTable) return true;
  return allProcs().some((p) => p.pgid === pgid && !p.zombie);
}

/** Live (non-zombie) members of group `pgid`; empty where there is no /proc. */
export function groupMembers(pgid: number): number[] {
  return allProcs().filter((p) => p.pgid === pgid && !p.zombie).map((p) => p.pid);
}
