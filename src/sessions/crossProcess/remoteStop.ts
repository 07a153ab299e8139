// Stopping a session wherever it runs. A session is owned by one process (its metadata's
// ownerPid: a VS Code window or a `viban run`); only the owner's SessionManager can stop it
// gracefully and record "stopped". So, in order:
//   1. this process owns it            -> SessionManager.stop (graceful, then forced);
//   2. its owner is gone               -> recover(): the agent is killed, the session "interrupted";
//   3. ask the owner (a stop-request file, see stopRequests.ts); a `viban` owner acknowledges
//      within a poll and stops it itself -> "stopped";
//   4. no acknowledgement (a VS Code window does not watch for requests) -> signal the agent's
//      process group: SIGINT, then SIGTERM, then SIGKILL, each after a grace period. The owner
//      sees its agent end and records the outcome itself; we never write another owner's session.
// In every case we then wait, with a deadline, for the metadata to become terminal.
import { isLive, type SessionMeta } from '../../protocol/sessions';
import type { SessionStore } from '../../store/sessions/sessionStore';

import { groupAlive, isAlive } from '../../process/liveness';
import { escalate, groupTarget } from '../../process/signals';
import { requestStop, stopRequestPending, withdrawStopRequest } from '../../store/sessions/stopRequests';

/** A session could not be stopped; the message says why and what to do. */
/** What this process's SessionManager offers: its live runs, a stop, and recovery of dead ones. */
export interface LocalSessions {
  readonly running: SessionMeta[];
  stop(sessionId: string): Promise<SessionMeta>;
  recover(): Promise<SessionMeta[]>;
}

export class SessionStopError extends Error {
  override readonly name = 'SessionStopError';
}

export interface RemoteStopRuntime {
  root: string;
  store: Pick<SessionStore, 'get'>;
  /** The SessionManager's part this needs (named here, not imported: the manager imports us). */
  sessions: LocalSessions;
}

export interface RemoteStopOptions {
  /** Overall deadline for the session to end. */
  timeoutMs: number;
  /** How long the owner gets to acknowledge a stop request before we signal the agent. */
  ackMs?: number;
  /** Grace between SIGINT, SIGTERM and SIGKILL. */
  signalStepMs?: number;
  pollMs?: number;
  /** Progress for the person waiting. */
  say?: (text: string) => void;
}

export type StopResult =
  | { how: 'already-ended' | 'in-process' | 'owner-gone' | 'owner-stopped'; meta: SessionMeta }
  | { how: 'signalled'; meta: SessionMeta; signal: NodeJS.Signals; agentPid: number };

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function stopAnywhere(rt: RemoteStopRuntime, sessionId: string, opts: RemoteStopOptions): Promise<StopResult> {
  const deadline = Date.now() + opts.timeoutMs;
  const poll = opts.pollMs ?? 150;
  const get = async () => {
    const meta = await rt.store.get(sessionId);
    if (!meta) throw new SessionStopError(`there is no session "${sessionId}" in ${rt.root}/.viban/sessions (see \`viban sessions\`)`);
    return meta;
  };
  /** Polls until the session is terminal or `until` passes; the last metadata read. */
  const waitTerminal = async (until: number, also?: () => Promise<boolean>) => {
    for (;;) {
      const meta = await get();
      if (!isLive(meta.status) || Date.now() >= until || (also && (await also()))) return meta;
      await sleep(poll);
    }
  };

  let meta = await get();
  if (!isLive(meta.status)) return { how: 'already-ended', meta };
  if (rt.sessions.running.some((m) => m.id === sessionId)) return { how: 'in-process', meta: await rt.sessions.stop(sessionId) };
  if (meta.ownerPid !== undefined && meta.ownerPid !== process.pid && !isAlive(meta.ownerPid)) {
    await rt.sessions.recover();
    return { how: 'owner-gone', meta: await get() };
  }

  await requestStop(rt.root, sessionId);
  try {
    const ackBy = Math.min(deadline, Date.now() + (opts.ackMs ?? 2000));
    meta = await waitTerminal(ackBy, async () => !(await stopRequestPending(rt.root, sessionId)));
    if (!isLive(meta.status)) return { how: 'owner-stopped', meta };
    if (!(await stopRequestPending(rt.root, sessionId))) {
      opts.say?.(`The process running it (pid ${meta.ownerPid}) is stopping it…`);
      meta = await waitTerminal(deadline);
      if (!isLive(meta.status)) return { how: 'owner-stopped', meta };
      throw new SessionStopError(`session ${sessionId} did not stop within ${Math.round(opts.timeoutMs / 1000)} s; its owner (pid ${meta.ownerPid}) acknowledged the request — try again, or end that process`);
    }
  } finally {
    await withdrawStopRequest(rt.root, sessionId);
  }

  // The owner did not answer the request: end its agent, and let the owner record the outcome.
  for (;;) {
    meta = await get();
    if (!isLive(meta.status)) return { how: 'owner-stopped', meta };
    if (meta.pid !== undefined) break;
    if (Date.now() >= deadline) {
      throw new SessionStopError(`session ${sessionId} did not stop: its owner (pid ${meta.ownerPid}) did not answer and it has no agent process to signal — stop it where it runs`);
    }
    await sleep(poll);
  }
  const agentPid = meta.pid;
  opts.say?.(`The process running it (pid ${meta.ownerPid}) did not answer; signalling its agent (process group ${agentPid})…`);
  const step = opts.signalStepMs ?? 3000;
  const signal =
    (await escalate(groupTarget(agentPid), [
      { signal: 'SIGINT', graceMs: step },
      { signal: 'SIGTERM', graceMs: step },
      { signal: 'SIGKILL', graceMs: step },
    ], { pollMs: poll, lastStepTries: Math.ceil(step / poll) })) ?? 'SIGINT';
  meta = await waitTerminal(deadline);
  if (!isLive(meta.status)) return { how: 'signalled', meta, signal, agentPid };
  throw new SessionStopError(
    groupAlive(agentPid)
      ? `session ${sessionId}: its agent (process group ${agentPid}) survived SIGKILL — check its permissions`
      : `session ${sessionId}: its agent (pid ${agentPid}) has ended, but its owner (pid ${meta.ownerPid}) has not recorded the end within ${Math.round(opts.timeoutMs / 1000)} s`,
  );
}
