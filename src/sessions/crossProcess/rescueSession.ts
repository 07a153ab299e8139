// The session side of rescuing a dead worker's job (src/queue/leases.ts decides the job's fate):
// end whatever its agent left running on this machine, then record the session as interrupted
// with the plain reason, so no card stays locked by a run nobody drives any more. The worker,
// should it wake up (SIGSTOP, then SIGCONT), finds the session ended and writes nothing over it.
import { isLive, type SessionMeta } from '../../protocol/sessions';
import { reapSession } from '../../process/reapSession';
import type { SessionStore } from '../../store/sessions/sessionStore';

export interface RescueSessionDeps {
  store: Pick<SessionStore, 'get' | 'save'>;
  /** Tests may watch the reaping; the real one signals the session's tagged processes. */
  reap?: (sessionId: string, recordedPgid?: number) => Promise<unknown>;
}

/** Returns the session as recorded after the rescue (undefined when it never existed). */
export async function settleRescuedSession(deps: RescueSessionDeps, sessionId: string, reason: string, sameHost: boolean): Promise<SessionMeta | undefined> {
  const meta = await deps.store.get(sessionId);
  // Its processes carry the session id in their environment: found and ended even without a record.
  if (sameHost) await (deps.reap ?? reapSession)(sessionId, meta?.pid);
  if (!meta || !isLive(meta.status)) return meta;
  return deps.store.save({ ...meta, status: 'interrupted', pid: undefined, endedAt: new Date().toISOString(), error: reason });
}
