import * as vscode from 'vscode';
import type { SessionMeta } from '../protocol/sessions';
import type { WorkspaceRuntimes } from './workspaceRuntimes';

/**
 * The "Viban" status-bar entry: idle, or what runs across the workspace (a spinner while an
 * agent works, a warning colour while one waits for you). Clicking focuses the board.
 */
export class VibanStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('viban.status', vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: Array<() => void> = [];
  private readonly disposables: vscode.Disposable[] = [];
  private notified = new Set<string>();

  constructor(private readonly runtimes: WorkspaceRuntimes) {
    this.item.name = 'Viban';
    this.item.command = 'viban.focusBoard';
    this.render();
    this.item.show();
    runtimes.openRuntimes.forEach((r) => this.watch(r));
    this.disposables.push(runtimes.onDidOpenRuntime((r) => this.watch(r)));
  }

  private watch(runtime: { sessions: { on(l: object): () => void } }): void {
    this.subscriptions.push(runtime.sessions.on({ session: () => this.render(), approvals: () => this.onApprovals() }));
    this.render();
  }

  private onApprovals(): void {
    this.render();
    const pending = this.runtimes.openRuntimes.flatMap((r) => r.sessions.approvals.pending());
    for (const a of pending) {
      const key = `${a.sessionId}:${a.requestId}`;
      if (this.notified.has(key)) continue;
      this.notified.add(key);
      // A person working in another window would otherwise never see the agent waiting.
      if (!vscode.window.state.focused) {
        void vscode.window.showWarningMessage(`Viban: an agent is waiting for you to allow ${a.toolName}.`, 'Open Board').then((pick) => {
          if (pick) void vscode.commands.executeCommand('viban.focusBoard');
        });
      }
    }
  }

  private render(): void {
    const running: SessionMeta[] = this.runtimes.openRuntimes.flatMap((r) => r.sessions.running);
    const waiting = running.filter((m) => m.status === 'waiting_for_user').length;
    if (running.length === 0) {
      this.item.text = '$(project) Viban';
      this.item.tooltip = 'Viban: no agent is running. Click to open the board.';
      this.item.backgroundColor = undefined;
      return;
    }
    const parts = [`${running.length} running`, ...(waiting ? [`${waiting} waiting for you`] : [])];
    this.item.text = `${waiting ? '$(bell-dot)' : '$(sync~spin)'} Viban: ${parts.join(', ')}`;
    this.item.tooltip = new vscode.MarkdownString(
      ['**Viban**', ...running.map((m) => `- ${m.executorLabel}: ${m.status === 'waiting_for_user' ? 'waiting for you' : 'running'} — ${escapeMd(m.prompt.split('\n')[0].slice(0, 80))}`)].join('\n'),
    );
    this.item.backgroundColor = waiting ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    this.subscriptions.forEach((u) => u());
    this.disposables.forEach((d) => d.dispose());
    this.item.dispose();
  }
}

function escapeMd(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
