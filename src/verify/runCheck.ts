// One check: a shell command in the run's folder, in its own process group so a timeout stops
// everything it started (a test runner's workers too). Output is kept as a tail: what the agent
// and the card need is the end, where the failure is.
import { spawnGroup } from '../process/spawnGroup';
import { signalGroup } from '../process/signals';

export interface CheckResult {
  command: string;
  ok: boolean;
  exitCode: number | null;
  timedOut: boolean;
  /** The last TAIL_CHARS characters of stdout and stderr, interleaved as they came. */
  outputTail: string;
  durationMs: number;
}

export const TAIL_CHARS = 4000;

export function runCheck(command: string, cwd: string, opts: { timeoutMs: number; env?: NodeJS.ProcessEnv; signal?: AbortSignal }): Promise<CheckResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    let out = '';
    let timedOut = false;
    const keep = (d: Buffer) => {
      out += d.toString('utf8');
      if (out.length > TAIL_CHARS * 2) out = out.slice(-TAIL_CHARS);
    };
    const shell = process.platform === 'win32' ? 'cmd.exe' : '/bin/sh';
    const args = process.platform === 'win32' ? ['/d', '/s', '/c', command] : ['-c', command];
    const child = spawnGroup(shell, args, { cwd, env: { ...process.env, ...opts.env, CI: '1', FORCE_COLOR: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const kill = () => {
      if (child.pid !== undefined) signalGroup(child.pid, 'SIGTERM');
      setTimeout(() => child.pid !== undefined && signalGroup(child.pid, 'SIGKILL'), 2000).unref();
    };
    const timer = setTimeout(() => {
      timedOut = true;
      kill();
    }, opts.timeoutMs);
    opts.signal?.addEventListener('abort', kill, { once: true });
    const finish = (exitCode: number | null, error?: Error) => {
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', kill);
      let tail = out.slice(-TAIL_CHARS);
      if (error) tail += `\n${error.message}`;
      if (timedOut) tail += `\n(stopped after ${Math.round(opts.timeoutMs / 1000)} s: the check took too long)`;
      resolve({ command, ok: !timedOut && !error && exitCode === 0, exitCode, timedOut, outputTail: tail.trim(), durationMs: Date.now() - started });
    };
    child.on('error', (err) => finish(null, err));
    child.on('close', (code) => finish(code));
  });
}
