import * as vscode from 'vscode';
import type { QueueJobView } from '../protocol/queue';
import type { SessionMeta } from '../protocol/sessions';
import { usd } from '../sessions/budget';
import { runEndedOnCard, taskState } from '../protocol/taskState';
import type { FolderRuntime } from '../app/folderRuntime';
import type { NotificationTargets } from './notifications';
import type { WorkspaceRuntimes } from './workspaceRuntimes';
import { errorText } from './logger';

const PICK_COMMAND = 'viban.statusPick';
const RECENT_FAILURE_MS = 60 * 60_000;

/** One line of work the status bar knows about: a live session, or a queue job without one. */
interface Work {
  runtime: FolderRuntime;
  taskId: string;
  title: string;
  state: 'running' | 'waiting' | 'queued' | 'failed' | 'interrupted';
  detail: string;
  session?: SessionMeta;
  job?: QueueJobView;
}

/**
 * The "Viban" status-bar entry: running, queued and waiting-for-you counts across the workspace,
 * spinning while anything runs, in the warning colour while an agent waits or a run failed. The
 * tooltip lists the tasks and the board's cost; clicking opens a quick pick of the sessions.
 */
export class VibanStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('viban.status', vscode.StatusBarAlignment.Left, 50);
  private readonly subscriptions: Array<() => void> = [];
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly runtimes: WorkspaceRuntimes,
    private readonly targets: NotificationTargets,
  ) {
    this.item.name = 'Viban';
    this.item.command = PICK_COMMAND;
    this.disposables.push(vscode.commands.registerCommand(PICK_COMMAND, () => this.pick()));
    this.render();
    this.item.show();
    runtimes.openRuntimes.forEach((r) => this.watch(r));
    this.disposables.push(runtimes.onDidOpenRuntime((r) => this.watch(r)));
  }

  private watch(runtime: FolderRuntime): void {
    const render = () => this.render();
    this.subscriptions.push(runtime.sessions.on({ session: render, approvals: render }), runtime.board.onDidChange(render));
    if (runtime.runQueue) this.subscriptions.push(runtime.runQueue.onChange(render));
    this.render();
  }

  /** Everything worth listing: live sessions first, then queued, failed and interrupted jobs. */
  private work(): Work[] {
    const out: Work[] = [];
    for (const runtime of this.runtimes.openRuntimes) {
      const title = (taskId: string) => runtime.board.current.board.tasks.find((t) => t.id === taskId)?.title ?? taskId;
      const live = runtime.sessions.running;
      for (const m of live) {
        // The same words as the card and the detail header (src/protocol/taskState.ts).
        const task = runtime.board.current.board.tasks.find((t) => t.id === m.taskId);
        const waitingOn = runtime.sessions.approvals.pending(m.id).map((a) => a.toolName);
        const state = task ? taskState({ task, session: m, waitingOn }) : undefined;
        const waiting = m.status === 'waiting_for_user' || waitingOn.length > 0;
        const words = state ? `${state.label.toLowerCase()}${state.detail ? `: ${state.detail}` : ''}` : waiting ? 'waiting for you' : 'running';
        out.push({ runtime, taskId: m.taskId, title: title(m.taskId), state: waiting ? 'waiting' : 'running', detail: `${m.executorLabel} · ${words}`, session: m });
      }
      const jobs = runtime.runQueue?.snapshot().jobs ?? [];
      for (const j of jobs) {
        if (j.status === 'running' && (j.ownedHere || live.some((m) => m.id === j.sessionId))) continue;
        if (runEndedOnCard(j, runtime.board.current.board.tasks.find((t) => t.id === j.taskId))) continue;
        if (j.status === 'succeeded' || j.status === 'cancelled') continue;
        // A failure stays news for an hour; an interrupted job waits for Retry or Dismiss.
        if (j.status === 'failed' && Date.now() - Date.parse(j.endedAt ?? j.createdAt) > RECENT_FAILURE_MS) continue;
        const state = j.status === 'queued' ? 'queued' : j.status === 'running' ? 'running' : j.status;
        const detail = j.status === 'queued' ? `queued #${j.position ?? '?'}` : j.status === 'running' ? 'running in another window' : `${j.status}: ${j.lastError ?? ''}`;
        out.push({ runtime, taskId: j.taskId, title: title(j.taskId), state, detail: `${j.kind === 'message' ? 'message' : 'run'} · ${detail}`, job: j });
      }
    }
    return out;
  }

  private render(): void {
    const work = this.work();
    const count = (s: Work['state']) => work.filter((w) => w.state === s).length;
    const running = count('running') + count('waiting');
    const waiting = count('waiting');
    const queued = count('queued');
    const failed = count('failed') + count('interrupted');
    const cost = this.runtimes.openRuntimes.reduce((sum, r) => sum + (r.runQueue?.boardCostUsd() ?? 0), 0);
    const costLine = `Board cost: ${usd(cost)}`;
    if (work.length === 0) {
      this.item.text = '$(project) Viban';
      this.item.tooltip = new vscode.MarkdownString(`**Viban**: no agent is running.\n\n${costLine}\n\nClick for sessions.`);
      this.item.backgroundColor = undefined;
      return;
    }
    const parts = [`${running} running`, ...(queued ? [`${queued} queued`] : []), ...(waiting ? [`${waiting} waiting for you`] : []), ...(failed ? [`${failed} failed`] : [])];
    const icon = running > waiting ? '$(sync~spin)' : waiting ? '$(bell-dot)' : failed ? '$(warning)' : '$(clock)';
    this.item.text = `${icon} Viban: ${parts.join(', ')}`;
    this.item.tooltip = new vscode.MarkdownString(['**Viban**', '', ...work.map((w) => `- ${escapeMd(w.title)} — ${escapeMd(w.detail.slice(0, 120))}`), '', costLine].join('\n'));
    this.item.backgroundColor = waiting || failed ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  /** Quick pick of sessions and jobs, then what to do with the one picked. */
  private async pick(): Promise<void> {
    const work = this.work();
    if (work.length === 0) {
      await vscode.commands.executeCommand('viban.focusBoard');
      return;
    }
    const icon: Record<Work['state'], string> = { running: 'sync~spin', waiting: 'bell-dot', queued: 'clock', failed: 'error', interrupted: 'debug-disconnect' };
    const chosen = await vscode.window.showQuickPick(
      work.map((w) => ({ label: `$(${icon[w.state]}) ${w.title}`, description: w.detail, work: w })),
      { title: 'Viban: sessions', placeHolder: 'Pick a session to open, stop, approve or retry' },
    );
    if (chosen) await this.act(chosen.work);
  }

  private async act(w: Work): Promise<void> {
    type Action = vscode.QuickPickItem & { run: () => Promise<unknown> };
    const actions: Action[] = [{ label: '$(output) Open log', run: () => this.targets.showTask(w.taskId) }];
    if (w.session) {
      const session = w.session;
      for (const a of w.runtime.sessions.approvals.pending(session.id)) {
        actions.push(
          { label: `$(check) Approve ${a.toolName}`, run: async () => w.runtime.sessions.answerApproval(session.id, a.requestId, { behavior: 'allow' }) },
          { label: `$(close) Deny ${a.toolName}`, run: async () => w.runtime.sessions.answerApproval(session.id, a.requestId, { behavior: 'deny', message: 'The user denied this from the status bar.' }) },
        );
      }
      actions.push({ label: '$(debug-stop) Stop', run: () => w.runtime.sessions.stop(session.id) });
    } else if (w.job) {
      const job = w.job;
      const rq = w.runtime.requireQueue();
      if (job.status === 'queued') actions.push({ label: '$(trash) Remove from the queue', run: () => rq.cancel(job.id) });
      if (job.status === 'failed' || job.status === 'interrupted') actions.push({ label: '$(refresh) Retry', run: () => rq.retry(job.id) });
      if (job.status === 'interrupted') actions.push({ label: '$(close) Dismiss', run: () => rq.cancel(job.id) });
    }
    const action = await vscode.window.showQuickPick(actions, { title: `Viban: ${w.title}`, placeHolder: w.detail });
    if (!action) return;
    try {
      await action.run();
    } catch (err) {
      void vscode.window.showErrorMessage(`Viban: ${errorText(err)}`);
    }
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
