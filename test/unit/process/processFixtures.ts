// Real process trees for the process toolkit's tests: shell scripts that report the pids they
// started on stdout, and a clean-up that kills whatever a failed test left behind.
import { spawn, type ChildProcess } from 'node:child_process';

export interface Started {
  child: ChildProcess;
  /** Lines the script printed so far. */
  lines: string[];
  /** Resolves with the first `n` lines. */
  firstLines(n: number): Promise<string[]>;
}

const everyPid = new Set<number>();

/** Runs `/bin/sh -c script` (optionally as a group leader, with extra environment). */
export function startShell(script: string, opts: { detached?: boolean; env?: Record<string, string> } = {}): Started {
  const child = spawn('/bin/sh', ['-c', script], { detached: opts.detached ?? true, env: { ...process.env, ...opts.env }, stdio: ['ignore', 'pipe', 'inherit'] });
  if (child.pid) everyPid.add(child.pid);
  const lines: string[] = [];
  const waiters: Array<() => void> = [];
  let buf = '';
  child.stdout!.setEncoding('utf8').on('data', (d: string) => {
    buf += d;
    const parts = buf.split('\n');
    buf = parts.pop()!;
    for (const l of parts) {
      lines.push(l);
      if (/^\d+$/.test(l)) everyPid.add(Number(l));
    }
    waiters.forEach((w) => w());
  });
  return {
    child,
    lines,
    firstLines: (n) =>
      new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`timed out waiting for ${n} lines; got ${JSON.stringify(lines)}`)), 10000);
        const check = () => {
          if (lines.length >= n) {
            clearTimeout(t);
            resolve(lines.slice(0, n));
          }
        };
        waiters.push(check);
        check();
      }),
  };
}

/** SIGKILLs every pid the fixtures saw (a failing test must not leave sleepers behind). */
export function killLeftovers(): void {
  for (const pid of everyPid) {
    for (const target of [pid, -pid]) {
      try {
        process.kill(target, 'SIGKILL');
      } catch {
        // gone
      }
    }
  }
  everyPid.clear();
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Polls until `cond` holds; throws after `ms`. */
export async function until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}
