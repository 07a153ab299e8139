import * as vscode from 'vscode';
import type { ExecutorRegistry } from '../executors/registry';
import { INTERACTIVE_EXECUTORS, interactiveArgs } from '../executors/interactive';
import { PtyExecutor, type PtyHandle } from '../executors/ptyExecutor';
import type { FolderRuntime } from '../app/folderRuntime';
import type { Redactor } from '../secrets/redactor';
import type { SessionActions } from '../controllers/ports';
import { Logger, errorText } from './logger';

/**
 * "Open in Terminal": the agent's own interactive UI in a VS Code terminal (a Pseudoterminal fed
 * by node-pty). Input goes to the agent; its output is shown and recorded to a session.
 */
export class AgentTerminals implements SessionActions, vscode.Disposable {
  private readonly log = new Logger('terminal');
  private readonly terminals = new Set<vscode.Terminal>();

  constructor(
    private readonly registry: ExecutorRegistry,
    private readonly redactor: Redactor,
  ) {}

  async openInTerminal(runtime: FolderRuntime, taskId: string, executorId: string): Promise<void> {
    if (!INTERACTIVE_EXECUTORS.has(executorId)) throw new Error(`${this.registry.get(executorId)?.label ?? executorId} has no interactive terminal mode.`);
    const executor = this.registry.require(executorId);
    const detection = await executor.detect();
    if (!detection.installed || !detection.path) throw new Error(detection.reason ?? `${executor.label} is not installed.`);
    const task = runtime.board.current.board.tasks.find((t) => t.id === taskId);
    if (!task) throw new Error('That task no longer exists.');
    const previous = (await runtime.store.list({ taskId })).reverse().find((m) => m.executorId === executorId && m.agentSessionId);
    const prompt = [task.title, task.description].filter(Boolean).join('\n\n');
    const args = interactiveArgs({ executorId, executablePath: detection.path, prompt, resumeSessionId: previous?.agentSessionId });

    const write = new vscode.EventEmitter<string>();
    const close = new vscode.EventEmitter<number | void>();
    let handle: PtyHandle | undefined;
    let sessionId: string | undefined;
    const pty: vscode.Pseudoterminal = {
      onDidWrite: write.event,
      onDidClose: close.event,
      open: (dims) => {
        const runner = new PtyExecutor(executorId, executor.label, detection.path!, args, { output: (d) => write.fire(d), started: (h) => (handle = h) }, {
          cols: dims?.columns ?? 120,
          rows: dims?.rows ?? 30,
        });
        runtime.sessions
          .start({ taskId, executorId, prompt: previous ? `(interactive, resuming ${previous.agentSessionId})` : prompt, executor: runner, resumeFrom: undefined, startingMessage: `In ${executor.label}'s terminal` })
          .then(async (meta) => {
            sessionId = meta.id;
            const done = await runtime.sessions.wait(meta.id);
            close.fire(done.exitCode ?? 0);
          })
          .catch((err) => {
            write.fire(`\r\n${this.redactor.redact(errorText(err))}\r\n`);
            this.log.error('interactive run failed', err);
          });
      },
      close: () => {
        if (sessionId) void runtime.sessions.stop(sessionId);
      },
      handleInput: (data) => handle?.write(data),
      setDimensions: (d) => handle?.resize(d.columns, d.rows),
    };
    const terminal = vscode.window.createTerminal({ name: `${executor.label}: ${task.title.slice(0, 40)}`, pty, iconPath: new vscode.ThemeIcon('hubot') });
    this.terminals.add(terminal);
    terminal.show();
  }

  dispose(): void {
    this.terminals.forEach((t) => t.dispose());
  }
}
