// Runs one agent process: argv array (never a shell), its own process group, stdout/stderr read
// as lines with backpressure, and a stop that escalates graceful -> SIGTERM -> SIGKILL on the
// whole tree. Knows nothing about any agent's output format.
import type { ChildProcess } from 'node:child_process';
import type { CliCommand } from './types';
import { readLines } from './lineReader';
import { ProcessTree } from '../process/processTree';
import { killTree } from '../process/signals';
import { spawnGroup } from '../process/spawnGroup';

/** The executable could not be started at all (not found, not executable, bad cwd). */
export class ProcessSpawnError extends Error {
  override readonly name = 'ProcessSpawnError';
  constructor(
    readonly code: string,
    readonly file: string,
    readonly cwd: string,
    message: string,
  ) {
    super(message);
  }
}

export interface ProcessExit {
  /** null when the process was ended by a signal. */
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** stop() was called (or the AbortSignal fired) before the process ended on its own. */
  stopped: boolean;
  /** stdout ended with bytes after its last newline: the process died mid-line. */
  stdoutEndedMidLine: boolean;
  /** The first exception thrown by a line handler, if any (reading went on regardless). */
  handlerError?: unknown;
}

export interface StartProcessOptions {
  command: CliCommand;
  onStdoutLine(line: string): void | Promise<void>;
  /** After each chunk of stdout lines (see ReadLinesOptions.onBatchEnd). */
  onStdoutBatchEnd?(): void | Promise<void>;
  /** The incomplete last line when stdout ends without a newline (default: onStdoutLine). */
  onStdoutPartialLine?(text: string): void | Promise<void>;
  onStderrLine?(line: string): void | Promise<void>;
  /** Aborting it stops the process (graceful first, then escalation). */
  signal?: AbortSignal;
  /** First stop step, e.g. an interrupt control message. Default: close stdin. */
  gracefulStop?(proc: RunningProcess): void | Promise<void>;
  /** How long the graceful step gets before SIGTERM. Default 3000 ms. */
  gracefulTimeoutMs?: number;
  /** How long SIGTERM gets before SIGKILL. Default 2000 ms. */
  terminateTimeoutMs?: number;
  /** No stdout/stderr line for this long -> onIdle (which may call stop()). */
  idleTimeoutMs?: number;
  onIdle?(proc: RunningProcess): void;
  maxLineBytes?: number;
  /** After a natural exit, kill what the process left running in its group. Default true. */
  killOrphansOnExit?: boolean;
  /** The child exists (called synchronously after spawning, see spawnGroup). */
  onSpawn?(pid: number): void;
}

export interface RunningProcess {
  readonly pid: number;
  readonly stdinOpen: boolean;
  /** Writes `line` + "\n" to stdin; false when stdin is closed or was never piped. */
  writeLine(line: string): boolean;
  closeStdin(): void;
  /** Graceful step, then SIGTERM, then SIGKILL to the tree; resolves when every process is gone. */
  stop(): Promise<ProcessExit>;
  /** Resolves once the process has exited, its tree is gone and its output is fully read. */
  readonly exited: Promise<ProcessExit>;
  /** Starts the idle countdown again (the user chose to keep waiting). */
  rearmIdle(): void;
}

const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref?.());

function spawnErrorMessage(err: NodeJS.ErrnoException, cmd: CliCommand): string {
  switch (err.code) {
    case 'ENOENT':
      return `Cannot run ${cmd.file}: not found (or the folder ${cmd.cwd} does not exist).`;
    case 'EACCES':
      return `Cannot run ${cmd.file}: permission denied (is it executable?).`;
    default:
      return `Cannot run ${cmd.file}: ${err.message}`;
  }
}

/** Spawns the command; rejects with ProcessSpawnError when it cannot start. */
export function startProcess(opts: StartProcessOptions): Promise<RunningProcess> {
  const cmd = opts.command;
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawnGroup(cmd.file, cmd.args, {
        cwd: cmd.cwd,
        env: cmd.env as NodeJS.ProcessEnv,
        stdio: [cmd.stdin, 'pipe', 'pipe'],
        onSpawn: opts.onSpawn,
      });
    } catch (e) {
      const err = e as NodeJS.ErrnoException;
      reject(new ProcessSpawnError(err.code ?? 'ESPAWN', cmd.file, cmd.cwd, spawnErrorMessage(err, cmd)));
      return;
    }
    child.once('error', (err: NodeJS.ErrnoException) => {
      if (child.pid === undefined) {
        reject(new ProcessSpawnError(err.code ?? 'ESPAWN', cmd.file, cmd.cwd, spawnErrorMessage(err, cmd)));
      }
    });
    child.once('spawn', () => resolve(new Running(child, opts)));
  });
}

class Running implements RunningProcess {
  readonly pid: number;
  readonly exited: Promise<ProcessExit>;
  private readonly tree: ProcessTree;
  private stopping: Promise<ProcessExit> | undefined;
  private stopRequested = false;
  private exitInfo: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  private readonly exitPromise: Promise<void>;
  private idleTimer: NodeJS.Timeout | undefined;
  private handlerError: unknown;
  private stdinClosed: boolean;

  constructor(
    private readonly child: ChildProcess,
    private readonly opts: StartProcessOptions,
  ) {
    this.pid = child.pid!;
    this.tree = new ProcessTree(this.pid);
    this.stdinClosed = !child.stdin;
    // A closed pipe (the agent exited) must not crash the host: EPIPE is just "stdin is gone".
    child.stdin?.on('error', () => (this.stdinClosed = true));
    child.stdin?.on('close', () => (this.stdinClosed = true));
    this.exitPromise = new Promise((r) =>
      child.once('exit', (code, signal) => {
        this.exitInfo = { code, signal };
        r();
      }),
    );
    this.armIdle();
    // Synchronous unless the handler returns a promise: an async wrapper would cost a promise and
    // a microtask for every line of a stream that prints hundreds of thousands of them.
    const guard = (fn: ((l: string) => void | Promise<void>) | undefined) => (line: string): void | Promise<void> => {
      this.armIdle();
      try {
        const wait = fn?.(line);
        if (wait) return wait.catch((e: unknown) => void (this.handlerError ??= e));
      } catch (e) {
        this.handlerError ??= e;
      }
    };
    const batchEnd = opts.onStdoutBatchEnd && guard(() => opts.onStdoutBatchEnd!());
    const out = readLines(child.stdout!, guard(opts.onStdoutLine), { maxLineBytes: opts.maxLineBytes, onBatchEnd: batchEnd && (() => batchEnd('')), onPartialLine: opts.onStdoutPartialLine && guard(opts.onStdoutPartialLine) });
    const err = readLines(child.stderr!, guard(opts.onStderrLine), { maxLineBytes: opts.maxLineBytes });
    const onAbort = () => void this.stop();
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    if (opts.signal?.aborted) queueMicrotask(onAbort);
    this.exited = this.finish(out, err).finally(() => {
      opts.signal?.removeEventListener('abort', onAbort);
      if (this.idleTimer) clearTimeout(this.idleTimer);
    });
  }

  get stdinOpen(): boolean {
    return !this.stdinClosed && !!this.child.stdin?.writable;
  }

  writeLine(line: string): boolean {
    if (!this.stdinOpen) return false;
    this.child.stdin!.write(line.endsWith('\n') ? line : line + '\n');
    return true;
  }

  closeStdin(): void {
    if (this.child.stdin && !this.stdinClosed) this.child.stdin.end();
    this.stdinClosed = true;
  }

  stop(): Promise<ProcessExit> {
    if (!this.stopping) {
      this.stopRequested = this.exitInfo === undefined;
      this.stopping = this.escalate().then(() => this.exited);
    }
    return this.stopping;
  }

  rearmIdle(): void {
    this.armIdle();
  }

  private armIdle(): void {
    const ms = this.opts.idleTimeoutMs;
    if (!ms || this.exitInfo) return;
    // Called per line: restarting the one timer is far cheaper than a new timer per line.
    if (this.idleTimer) {
      this.idleTimer.refresh();
      return;
    }
    this.idleTimer = setTimeout(() => this.opts.onIdle?.(this), ms);
    this.idleTimer.unref?.();
  }

  private async waitExit(ms: number): Promise<boolean> {
    if (this.exitInfo) return true;
    await Promise.race([this.exitPromise, delay(ms)]);
    return this.exitInfo !== undefined;
  }

  private async escalate(): Promise<void> {
    if (this.exitInfo) return;
    // With no graceful step and no stdin to close, SIGTERM is the graceful step.
    const hasGracefulStep = !!this.opts.gracefulStop || !!this.child.stdin;
    try {
      await (this.opts.gracefulStop ? this.opts.gracefulStop(this) : this.closeStdin());
    } catch {
      // A failed graceful step only means we go straight on to signals.
    }
    if (hasGracefulStep && (await this.waitExit(this.opts.gracefulTimeoutMs ?? 3000))) return;
    this.tree.signal('SIGTERM');
    if (await this.waitExit(this.opts.terminateTimeoutMs ?? 2000)) return;
    this.tree.signal('SIGKILL');
    await this.exitPromise;
  }

  private async finish(
    out: Promise<{ endedMidLine: boolean }>,
    err: Promise<{ endedMidLine: boolean }>,
  ): Promise<ProcessExit> {
    // Snapshot the tree while the leader still links its children (they lose the link on its exit).
    const watch = setInterval(() => this.tree.track(), 200);
    watch.unref?.();
    await this.exitPromise;
    clearInterval(watch);
    if (this.idleTimer) clearTimeout(this.idleTimer);
    if (this.stopRequested || this.opts.killOrphansOnExit !== false) await killTree(this.tree, this.opts.terminateTimeoutMs ?? 2000);
    // Orphans that escaped every signal could still hold the pipes open: don't wait forever.
    const drained = await Promise.race([
      Promise.allSettled([out, err]).then((r) => r),
      delay(2000).then(() => undefined),
    ]);
    if (!drained) {
      this.child.stdout?.destroy();
      this.child.stderr?.destroy();
    }
    const outRes = drained?.[0];
    return {
      exitCode: this.exitInfo!.code,
      signal: this.exitInfo!.signal,
      stopped: this.stopRequested,
      stdoutEndedMidLine: outRes?.status === 'fulfilled' ? outRes.value.endedMidLine : false,
      handlerError: this.handlerError,
    };
  }
}
