// Sending signals to processes and groups, and ending them in steps: each signal gets a grace
// period to work before the next, harder one (graceful → SIGTERM → SIGKILL).
import { groupAlive } from './liveness';

/** Sends `sig`; false when there is no such process (ESRCH) or it is not ours (EPERM, pid reused). */
export function trySignal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

/**
 * Sends `sig` to group `pgid` and to its leader (should it have left its group); false if neither
 * exists. Agents and git run as group leaders, so one call reaches everything they started there.
 */
export function signalGroup(pgid: number, sig: NodeJS.Signals): boolean {
  if (!Number.isInteger(pgid) || pgid <= 1) return false; // -0 and -1 would reach our own group, or everything
  const group = process.platform !== 'win32' && trySignal(-pgid, sig);
  return trySignal(pgid, sig) || group;
}

/** Something made of processes that can be signalled as one, and asked whether any still runs. */
export interface Signallable {
  signal(sig: NodeJS.Signals): void;
  anyAlive(): boolean;
}

/** A process group as a Signallable. */
export function groupTarget(pgid: number): Signallable {
  return { signal: (sig) => void signalGroup(pgid, sig), anyAlive: () => groupAlive(pgid) };
}

export interface EscalationStep {
  signal: NodeJS.Signals;
  /** How long this signal gets to end everything before the next step. */
  graceMs: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref?.());

/**
 * Sends each step's signal while anything is alive, waiting up to its grace for all to end; the
 * last step repeats until nothing is left (or `lastStepTries` polls passed: a process in
 * uninterruptible sleep outlives even SIGKILL for a while). Returns the last signal sent, if any.
 */
export async function escalate(target: Signallable, steps: EscalationStep[], opts: { pollMs?: number; lastStepTries?: number } = {}): Promise<NodeJS.Signals | undefined> {
  const poll = opts.pollMs ?? 25;
  let sent: NodeJS.Signals | undefined;
  for (const [i, step] of steps.entries()) {
    if (!target.anyAlive()) return sent;
    const last = i === steps.length - 1;
    target.signal(step.signal);
    sent = step.signal;
    const until = Date.now() + step.graceMs;
    for (let tries = 0; target.anyAlive(); tries++) {
      if (last ? tries >= (opts.lastStepTries ?? 40) : Date.now() >= until) break;
      await sleep(poll);
      if (last && tries % 4 === 3) target.signal(step.signal);
    }
  }
  return sent;
}

/** SIGTERM, `graceMs` to exit cleanly, then SIGKILL: how anything we started is ended for good. */
export function killTree(target: Signallable, graceMs = 2000): Promise<NodeJS.Signals | undefined> {
  return escalate(target, [
    { signal: 'SIGTERM', graceMs },
    { signal: 'SIGKILL', graceMs: 0 },
  ]);
}
