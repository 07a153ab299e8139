// Starting a child as the leader of its own process group (and session), so that one signal to
// the group later reaches everything it started: hooks, shells, tool commands. argv only, never
// a shell string.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { signalGroup } from './signals';

export interface SpawnGroupOptions extends Omit<SpawnOptions, 'detached' | 'shell' | 'windowsHide'> {
  /**
   * Called synchronously once the child exists, before control returns to the event loop: a
   * caller that records the pid here has it on disk before anything of its own can run, so a
   * crash a moment later cannot leave an unrecorded agent behind.
   */
  onSpawn?(pid: number): void;
}

export function spawnGroup(file: string, args: readonly string[], opts: SpawnGroupOptions = {}): ChildProcess {
  const { onSpawn, ...rest } = opts;
  const child = spawn(file, args, { ...rest, detached: process.platform !== 'win32', shell: false, windowsHide: true });
  // No pid: it could not start (ENOENT…); the 'error' event says why.
  if (child.pid !== undefined && onSpawn) {
    try {
      onSpawn(child.pid);
    } catch (err) {
      // The caller could not take charge of it: don't leave it running untracked.
      signalGroup(child.pid, 'SIGKILL');
      throw err;
    }
  }
  return child;
}
