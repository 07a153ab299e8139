// Runs an agent's interactive UI under a pseudo-terminal (node-pty), so a person can type into
// it, while the session still records what it printed (ANSI stripped, one `raw` entry a line).
import type { IPty } from 'node-pty';
import { createRequire } from 'node:module';
import type { Executor, ExecutorCapabilities, RunOutcome, RunRequest, RunSink } from './types';
import { ProcessTree } from './processTree';

export interface PtyHandle {
  write(data: string): void;
  resize(cols: number, rows: number): void;
}

export interface PtyCallbacks {
  /** Raw bytes for the terminal to show. */
  output(data: string): void;
  /** Called once the process exists, with a handle for input and resizing. */
  started(handle: PtyHandle): void;
}

type NodePty = typeof import('node-pty');

/** node-pty is a native module: load it lazily so a missing build only breaks the terminal feature. */
export function loadNodePty(): NodePty {
  const req = createRequire(__filename);
  try {
    return req('node-pty') as NodePty;
  } catch (err) {
    throw new Error(`The interactive terminal needs the native module node-pty, which could not be loaded (${(err as Error).message}).`);
  }
}

// Strips CSI/OSC escape sequences and carriage-return redraws so the recorded text is readable.
const ANSI = /\x1b\[[0-?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-B]|\x1b[=>78]/g;

export function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

export class PtyExecutor implements Executor {
  readonly kind = 'cli' as const;
  readonly capabilities: ExecutorCapabilities = { streaming: true, resume: false, interactiveInput: true, approvals: false, cost: false };

  constructor(
    readonly id: string,
    readonly label: string,
    private readonly file: string,
    private readonly args: string[],
    private readonly callbacks: PtyCallbacks,
    private readonly size: { cols: number; rows: number } = { cols: 120, rows: 30 },
  ) {}

  async detect() {
    return { installed: true, path: this.file };
  }

  run(request: RunRequest, sink: RunSink, signal: AbortSignal): Promise<RunOutcome> {
    const pty = loadNodePty();
    const started = Date.now();
    let proc: IPty;
    try {
      proc = pty.spawn(this.file, this.args, {
        name: 'xterm-256color',
        cols: this.size.cols,
        rows: this.size.rows,
        cwd: request.cwd,
        env: { ...process.env, ...request.env } as Record<string, string>,
      });
    } catch (err) {
      return Promise.resolve({ status: 'failed', error: `Could not start ${this.label} in a terminal: ${(err as Error).message}` });
    }
    sink.pid?.(proc.pid);
    sink.entry({ kind: 'user', id: `pty-prompt-${proc.pid}`, ts: new Date().toISOString(), text: request.prompt });
    // node-pty makes the child a session leader, so its pid names the whole group.
    const tree = new ProcessTree(proc.pid);
    this.callbacks.started({ write: (d) => proc.write(d), resize: (c, r) => proc.resize(Math.max(c, 1), Math.max(r, 1)) });
    let pending = '';
    let n = 0;
    const record = (line: string) => {
      const text = stripAnsi(line).replace(/\r/g, '').trimEnd();
      if (text) sink.entry({ kind: 'raw', id: `pty-${n++}`, ts: new Date().toISOString(), line: text, stream: 'stdout' });
    };
    proc.onData((data) => {
      this.callbacks.output(data);
      pending += data;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      lines.forEach(record);
      // A TUI may redraw one very long line forever; cap what waits for a newline.
      if (pending.length > 64_000) {
        record(pending);
        pending = '';
      }
    });
    return new Promise((resolve) => {
      const onAbort = () => {
        tree.signal('SIGTERM');
        setTimeout(() => tree.signal('SIGKILL'), 2000).unref();
      };
      signal.addEventListener('abort', onAbort, { once: true });
      proc.onExit(({ exitCode, signal: sig }) => {
        signal.removeEventListener('abort', onAbort);
        record(pending);
        const durationMs = Date.now() - started;
        if (signal.aborted) resolve({ status: 'stopped', exitCode, durationMs });
        else if (exitCode === 0) resolve({ status: 'succeeded', exitCode, durationMs });
        else resolve({ status: 'failed', exitCode, durationMs, error: `${this.label} exited with code ${exitCode}${sig ? ` (signal ${sig})` : ''}.` });
      });
    });
  }
}
