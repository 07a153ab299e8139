// Ending whatever an agent session left running after the process that ran it died (`kill -9` of
// `viban run`, a crashed window). That process can no longer tell us its agent's tree, and its
// records may be incomplete: the agent's group leader may be gone (killed by SIGPIPE when our end
// of its pipes closed) while the rest of its group lives on; a grandchild may have left the group
// with setsid(); and the runner may have died before it recorded the agent's pid at all.
// So every agent process carries its session id in its environment (SESSION_ENV, inherited by
// everything it starts), and on Linux we find the session's processes by that tag, together with
// every process group they belong to. Without /proc we can only signal the recorded group.
import { groupAlive, isAlive } from './liveness';
import { hasProcTable, pidsWithEnv, readProc } from './procTable';
import { killTree, signalGroup, trySignal, type Signallable } from './signals';

/** The environment variable naming the session an agent process belongs to. */
export const SESSION_ENV = 'VIBAN_SESSION_ID';

/** Environment entries that tag an agent's processes as the session's. */
export function sessionEnv(sessionId: string): Record<string, string> {
  return { [SESSION_ENV]: sessionId };
}

/** Live processes tagged with the session (Linux; empty elsewhere). */
export function sessionProcesses(sessionId: string): number[] {
  return pidsWithEnv(`${SESSION_ENV}=${sessionId}`).filter(isAlive);
}

export interface ReapResult {
  /** Every process (pid) and group (pgid) found belonging to the session. */
  pids: number[];
  groups: number[];
  /** The last signal it took; undefined when nothing was running. */
  signal?: NodeJS.Signals;
}

/**
 * The session's processes and groups, found afresh at each look (new ones may appear while we
 * signal) and remembered once seen: a group whose tagged members are dead may still hold a
 * process that cleared its environment.
 */
class SessionProcesses implements Signallable {
  readonly pids = new Set<number>();
  readonly groups = new Set<number>();
  private readonly ownGroup = readProc(process.pid)?.pgid;

  constructor(
    private readonly sessionId: string,
    recordedPgid: number | undefined,
  ) {
    // A pid recorded days ago may name someone else's group by now: only with no way to check
    // the tag do we trust the record.
    if (!hasProcTable && recordedPgid) this.groups.add(recordedPgid);
  }

  private scan(): number[] {
    const live = sessionProcesses(this.sessionId);
    for (const pid of live) {
      this.pids.add(pid);
      const pgid = readProc(pid)?.pgid;
      if (pgid && pgid > 1 && pgid !== this.ownGroup) this.groups.add(pgid);
    }
    return live;
  }

  signal(sig: NodeJS.Signals): void {
    const live = this.scan();
    for (const pgid of this.groups) signalGroup(pgid, sig);
    for (const pid of live) trySignal(pid, sig);
  }

  anyAlive(): boolean {
    return this.scan().length > 0 || [...this.groups].some(groupAlive);
  }
}

/**
 * Ends every process of an agent session whose owner is gone: SIGTERM, `graceMs` to exit
 * cleanly, then SIGKILL. `recordedPgid` is the agent's pid as recorded in the session (its group
 * id), if it was recorded. Resolves once nothing of the session runs any more.
 */
export async function reapSession(sessionId: string, recordedPgid?: number, opts: { graceMs?: number } = {}): Promise<ReapResult> {
  const target = new SessionProcesses(sessionId, recordedPgid);
  const signal = await killTree(target, opts.graceMs ?? 1000);
  return { pids: [...target.pids], groups: [...target.groups], signal };
}
