import * as vscode from 'vscode';
import type { PendingApproval, SessionMeta } from '../protocol/sessions';
import type { FolderRuntime } from '../app/folderRuntime';
import type { WorkspaceRuntimes } from './workspaceRuntimes';
import { Logger } from './logger';

export interface NotificationTargets {
  /** True while a board webview (sidebar or editor tab) is on screen. */
  boardVisible(): boolean;
  /** Focus the board and open the task's detail. */
  showTask(taskId: string): Promise<void>;
}

type Kind = 'onFinish' | 'onFailure' | 'onApproval';

/** Card statuses of a run still going. */
const LIVE: ReadonlySet<string> = new Set(['queued', 'thinking', 'executing', 'waiting_for_user']);

/**
 * Tells the user when a run finishes, fails, or waits for approval, but only when they cannot
 * see it happen: the board is hidden or the window is not focused. Settings viban.notifications.*
 * turn each kind off. Every text passes the redactor (a failure's reason is agent output).
 */
export class RunNotifications implements vscode.Disposable {
  private readonly live = new Set<string>();
  /** Every session this window ran: their ends are told from the session, never again from the card. */
  private readonly own = new Set<string>();
  private readonly asked = new Set<string>();
  private readonly subscriptions: Array<() => void> = [];
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly runtimes: WorkspaceRuntimes,
    private readonly targets: NotificationTargets,
  ) {
    runtimes.openRuntimes.forEach((r) => this.watch(r));
    this.disposables.push(runtimes.onDidOpenRuntime((r) => this.watch(r)));
  }

  private watch(runtime: FolderRuntime): void {
    let before = new Map(runtime.board.current.board.tasks.map((t) => [t.id, t.agentStatus]));
    this.subscriptions.push(
      runtime.sessions.on({
        session: (meta) => this.onSession(runtime, meta),
        approvals: (pending) => this.onApprovals(runtime, pending),
      }),
      // Questions of runs in a background worker arrive through the store, not this window's sessions.
      runtime.onApprovals((pending) => this.onApprovals(runtime, pending)),
      // A run a background worker finished: this window saw no session of it end, only its card.
      // (Its failures are told with a next step by BriefSurfacing.)
      runtime.board.onDidChange((state) => {
        const now = new Map(state.board.tasks.map((t) => [t.id, t.agentStatus]));
        for (const task of state.board.tasks) {
          const was = before.get(task.id);
          if (task.agentStatus !== 'done' || !was || !LIVE.has(was)) continue;
          if (!task.lastSessionId || this.own.has(task.lastSessionId) || runtime.sessions.running.some((m) => m.taskId === task.id)) continue;
          if (this.wanted('onFinish')) void this.tellWorkerFinish(runtime, task.id, task.lastSessionId);
        }
        before = now;
      }),
    );
  }

  private async tellWorkerFinish(runtime: FolderRuntime, taskId: string, sessionId: string | undefined): Promise<void> {
    const meta = sessionId ? await runtime.store.get(sessionId).catch(() => undefined) : undefined;
    this.show('info', `Viban: ${meta?.executorLabel ?? 'The agent'} finished "${taskTitle(runtime, taskId)}".`, taskId);
  }

  private onSession(runtime: FolderRuntime, meta: SessionMeta): void {
    this.own.add(meta.id);
    if (meta.status === 'running' || meta.status === 'waiting_for_user') {
      this.live.add(meta.id);
      return;
    }
    if (!this.live.delete(meta.id)) return; // not a run this window watched end
    const title = taskTitle(runtime, meta.taskId);
    if (meta.status === 'failed' && isKeyProblem(meta)) {
      // A missing or rejected key is fixable right here, so it is said whether or not the board shows.
      void vscode.window.showErrorMessage(Logger.redact(`Viban: ${firstLine(meta.error!)}`), 'Set API Key').then((pick) => {
        if (pick) void vscode.commands.executeCommand('viban.setApiKey', meta.executorId);
      });
      return;
    }
    if (meta.status === 'succeeded' && this.wanted('onFinish')) {
      this.show('info', `Viban: ${meta.executorLabel} finished "${title}".`, meta.taskId);
    } else if (meta.status === 'failed' && this.wanted('onFailure')) {
      // A suggested next step, as the assistant would give it (issue #14, unasked surfacing).
      this.show('error', `Viban: ${meta.executorLabel} failed on "${title}": ${firstLine(meta.error ?? 'no reason given')}. Next: read the end of its log on the card, then retry or send a follow-up.`, meta.taskId);
    }
  }

  private onApprovals(runtime: FolderRuntime, pending: PendingApproval[]): void {
    for (const a of pending) {
      const key = `${a.sessionId}:${a.requestId}`;
      if (this.asked.has(key)) continue;
      this.asked.add(key);
      if (this.wanted('onApproval')) this.show('warning', `Viban: "${taskTitle(runtime, a.taskId)}" is waiting for you to allow ${a.toolName}.`, a.taskId);
    }
  }

  private wanted(kind: Kind): boolean {
    const on = vscode.workspace.getConfiguration('viban.notifications').get<boolean>(kind, true);
    return on && (!vscode.window.state.focused || !this.targets.boardVisible());
  }

  private show(level: 'info' | 'warning' | 'error', text: string, taskId: string): void {
    const fn = level === 'info' ? vscode.window.showInformationMessage : level === 'warning' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
    // Session metadata comes masked from its store; the redactor here covers every other text.
    void fn(Logger.redact(text), 'Show Task').then((pick) => {
      if (pick) void this.targets.showTask(taskId);
    });
  }

  dispose(): void {
    this.subscriptions.forEach((u) => u());
    this.disposables.forEach((d) => d.dispose());
  }
}

function isKeyProblem(meta: SessionMeta): boolean {
  return (meta.executorId === 'anthropic' || meta.executorId === 'openai') && /API key/i.test(meta.error ?? '');
}

function taskTitle(runtime: FolderRuntime, taskId: string): string {
  return runtime.board.current.board.tasks.find((t) => t.id === taskId)?.title ?? 'a task';
}

function firstLine(s: string): string {
  const line = s.split('\n')[0];
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}
