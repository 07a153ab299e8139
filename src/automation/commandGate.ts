// The `command` gate: runs the recipe's command (e.g. `npm test`) in the work folder through the
// user's shell — a gate command is a line the user wrote in recipes.json, like a package.json
// script. Its own process group, so a timeout or a cancel kills everything it started.
import { spawnGroup } from '../process/spawnGroup';
import { groupTarget, killTree } from '../process/signals';

export interface CommandResult {
  exitCode: number | null;
  timedOut: boolean;
  cancelled: boolean;
  /** The last lines of stdout+stderr, for the gate's message. */
  tail: string;
  error?: string;
}

const TAIL_CHARS = 1500;

export function runGateCommand(command: string, cwd: string, timeoutMs: number, signal?: AbortSignal, env?: NodeJS.ProcessEnv): Promise<CommandResult> {
  return new Promise((resolve) => {
    let output = '';
    let timedOut = false;
    let cancelled = false;
    const shell = process.platform === 'win32' ? 'cmd.exe' : '/bin/sh';
    const args = process.platform === 'win32' ? ['/d', '/s', '/c', command] : ['-c', command];
    const child = spawnGroup(shell, args, { cwd, env: { ...process.env, ...env, CI: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const keep = (b: Buffer) => {
      output = (output + b.toString('utf8')).slice(-TAIL_CHARS * 2);
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    const kill = () => {
      if (child.pid !== undefined) void killTree(groupTarget(child.pid), 1000);
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, timeoutMs);
    const onAbort = () => {
      cancelled = true;
      kill();
    };
    signal?.addEventListener('abort', onAbort, { once: true });
    let spawnError: string | undefined;
    child.on('error', (err) => (spawnError = err.message));
    child.on('close', (code) => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve({ exitCode: code, timedOut, cancelled, tail: output.trim().slice(-TAIL_CHARS), ...(spawnError && { error: spawnError }) });
    });
  });
}
