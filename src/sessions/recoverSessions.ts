// After a crash: sessions a dead window or command left "running" become "interrupted" (never
// running forever), and an agent process that outlived its owner is stopped.
import type { BoardService } from '../board/boardService';
import { isLive, type SessionMeta } from '../protocol/sessions';
import type { SessionStore } from '../store/sessions/sessionStore';

export interface RecoverDeps {
  store: SessionStore;
  board: BoardService;
  /** Sessions this process runs itself: left alone. */
  runsHere(sessionId: string): boolean;
  now(): string;
  alive(pid: number): boolean;
  reap(sessionId: string, recordedPgid?: number): Promise<unknown>;
  /** Each session recovered, as it is saved. */
  recovered(meta: SessionMeta): void;
}

export async function recoverSessions(deps: RecoverDeps): Promise<SessionMeta[]> {
  const recovered: SessionMeta[] = [];
  for (const meta of await deps.store.list()) {
    if (!isLive(meta.status) || deps.runsHere(meta.id)) continue;
    if (meta.ownerPid && meta.ownerPid !== process.pid && deps.alive(meta.ownerPid)) continue; // another window runs it
    // Its leader may be gone while its group lives on, or the pid never got recorded: reap by tag too.
    await deps.reap(meta.id, meta.pid);
    const fixed = await deps.store.save({
      ...meta,
      status: 'interrupted',
      pid: undefined,
      endedAt: meta.endedAt ?? deps.now(),
      error: 'Interrupted: the window or command running this session closed before it finished.',
    });
    recovered.push(fixed);
    const task = deps.board.current.board.tasks.find((t) => t.id === meta.taskId);
    if (task?.lastSessionId === meta.id) {
      await deps.board.patchTaskAgent(meta.taskId, { agentStatus: 'error', agentStatusMessage: 'Interrupted when the window closed' }).catch(() => undefined);
    }
    deps.recovered(fixed);
  }
  return recovered;
}
