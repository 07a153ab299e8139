// Signals to an agent's process group. Agents are spawned as group leaders (processRunner.ts), so
// the group id is the recorded pid and one signal reaches every process the agent started.

export function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EPERM') return true;
    return false;
  }
}

/** Sends `signal` to the group (and the leader, should it have left its group); false if none is left. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  let sent = false;
  for (const target of [-pgid, pgid]) {
    try {
      process.kill(target, signal);
      sent = true;
    } catch {
      // gone already
    }
  }
  return sent;
}
