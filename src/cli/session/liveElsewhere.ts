// A task runs one agent at a time. SessionManager checks this within its own process; a run
// started here must also respect one that a VS Code window or another `viban` is running.
import { isLive } from '../../protocol/sessions';
import { pidAlive } from '../../sessions/sessionManager';
import type { SessionStore } from '../../sessions/sessionStore';
import { CliError } from '../errors';

export async function assertNotRunningElsewhere(store: Pick<SessionStore, 'list'>, taskId: string): Promise<void> {
  const live = (await store.list({ taskId })).find((m) => isLive(m.status) && m.ownerPid !== process.pid && (!m.ownerPid || pidAlive(m.ownerPid)));
  if (live) {
    throw new CliError(
      `task ${taskId} already has a running agent (session ${live.id}, in process ${live.ownerPid ?? '?'}); wait for it, watch it with \`viban log ${live.id} --follow\`, or stop it with \`viban stop ${live.id}\``,
    );
  }
}
