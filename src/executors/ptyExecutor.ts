// Runs an agent's interactive UI under a pseudo-terminal (node-pty), so a person can type into
// it, while the session still records what it showed (one `raw` entry a screen row: ptyScreen.ts).
import type { IPty } from 'node-pty';
import { createRequire } from 'node:module';
import type { Executor, ExecutorCapabilities, RunOutcome, RunRequest, RunSink } from './types';
import { ProcessTree } from '../process/processTree';
import { killTree } from '../process/signals';
import { ScreenRecorder } from './ptyScreen';

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
    let n = 0;
    const screen = new ScreenRecorder(this.size.cols, this.size.rows, (text) =>
      sink.entry({ kind: 'raw', id: `pty-${n++}`, ts: new Date().toISOString(), line: text, stream: 'stdout' }),
    );
    const typed = new TypedLines((text) => sink.entry({ kind: 'user', id: `pty-typed-${n++}`, ts: new Date().toISOString(), text }));
    this.callbacks.started({
      write: (d) => {
        screen.beforeInput();
        proc.write(d);
        typed.push(d);
      },
      resize: (c, r) => {
        proc.resize(Math.max(c, 1), Math.max(r, 1));
        screen.resize(c, r);
      },
    });
    proc.onData((data) => {
      this.callbacks.output(data);
      screen.write(data);
    });
    return new Promise((resolve) => {
      const onAbort = () => void killTree(tree, 2000);
      signal.addEventListener('abort', onAbort, { once: true });
      proc.onExit(async ({ exitCode, signal: sig }) => {
        signal.removeEventListener('abort', onAbort);
        await screen.finish();
        const durationMs = Date.now() - started;
        if (signal.aborted) resolve({ status: 'stopped', exitCode, durationMs });
        else if (exitCode === 0) resolve({ status: 'succeeded', exitCode, durationMs });
        else resolve({ status: 'failed', exitCode, durationMs, error: `${this.label} exited with code ${exitCode}${sig ? ` (signal ${sig})` : ''}.` });
      });
    });
  }
}

/**
 * What the person typed into the terminal, a line at a time (Enter ends one), so the record shows
 * their turns as well as the screen: a full-screen TUI may scroll a short question out of view
 * before its screen is ever recorded. Backspace edits; arrow keys and other escape sequences and
 * control characters are left out.
 */
export class TypedLines {
  private line = '';

  constructor(private readonly onLine: (text: string) => void) {}

  push(data: string): void {
    // CSI (keys, and mouse reports once a TUI turns the mouse on), SS3 (keypad), other escapes.
    const text = data.replace(/\x1b\[M[\s\S]{3}|\x1b\[[0-?]*[ -\/]*[@-~]|\x1bO.|\x1b[^[O]?/g, '');
    for (const ch of text) {
      if (ch === '\r' || ch === '\n') {
        const line = this.line.trim();
        this.line = '';
        if (line) this.onLine(line);
      } else if (ch === '\x7f' || ch === '\b') this.line = this.line.slice(0, -1);
      else if (ch >= ' ') this.line += ch;
    }
  }
}
