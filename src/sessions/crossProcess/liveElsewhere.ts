// A task runs one agent at a time, across processes: a run started in one window or `viban`
// command must respect one that another live process is running.
import { isLive } from '../../protocol/sessions';
import { isAlive } from '../../process/liveness';
import { SessionStopError } from './remoteStop';
import type { SessionStore } from '../../store/sessions/sessionStore';


export async function assertNotRunningElsewhere(store: Pick<SessionStore, 'listLive'>, taskId: string): Promise<void> {
  const live = (await store.listLive({ taskId })).find((m) => isLive(m.status) && m.ownerPid !== process.pid && (!m.ownerPid || isAlive(m.ownerPid)));
  if (live) {
    throw new SessionStopError(
      `task ${taskId} already has a running agent (session ${live.id}, in process ${live.ownerPid ?? '?'}); wait for it, watch it with \`viban log ${live.id} --follow\`, or stop it with \`viban stop ${live.id}\``,
    );
  }
}
