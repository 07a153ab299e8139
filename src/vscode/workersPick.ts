// The Workers entry: a status-bar item (how many workers run the active folder's queue, or the
// no-worker warning while runs wait) and a quick pick with every worker, its runs and heartbeat,
// the queue's length, and Start worker / Rescue now / Clean up.
import * as vscode from 'vscode';
import { describeAge, NO_WORKER_MESSAGE } from '../workers/workerHealth';
import { cleanupWorkers, workersOverview, type WorkersOverview } from '../workers/workersOverview';
import { watchWorkerSignals } from '../store/workers/workerSignals';
import { workerMode, type BackgroundWorkers } from './backgroundWorker';
import { errorText } from './logger';
import type { WorkspaceRuntimes } from './workspaceRuntimes';

export const SHOW_WORKERS_COMMAND = 'viban.showWorkers';

/** One line per worker, as the quick pick and `viban workers` say it. */
function describe(o: WorkersOverview): vscode.QuickPickItem[] {
  return o.workers.map((w) => ({
    label: `${w.health === 'live' ? '$(server-process)' : '$(warning)'} ${w.record.id}`,
    description: `${w.health === 'live' ? w.record.state : w.health} · heartbeat ${describeAge(w.heartbeatAgeMs)} ago · ${w.record.host}:${w.record.pid}`,
    detail: `${w.record.running.length ? `Running ${w.record.running.map((r) => r.sessionId ?? r.jobId).join(', ')}` : 'Nothing running'} · ${w.record.counts.done} done · ${w.record.counts.failed} failed`,
  }));
}

export async function showWorkers(runtimes: WorkspaceRuntimes, background: BackgroundWorkers): Promise<void> {
  const runtime = await runtimes.activeRuntime();
  if (!runtime) return void vscode.window.showInformationMessage('Viban: open a folder to see its workers.');
  const o = await workersOverview(runtime.root);
  const actions = { start: '$(play) Start worker', rescue: '$(debug-restart) Rescue now', cleanup: '$(trash) Clean up stale registrations' };
  const items: vscode.QuickPickItem[] = [
    ...(o.live === 0 ? [{ label: `$(warning) ${NO_WORKER_MESSAGE}`, description: o.queue.queued ? `${o.queue.queued} queued run(s) wait` : undefined }] : []),
    ...describe(o),
    { label: 'Queue', kind: vscode.QuickPickItemKind.Separator },
    { label: `$(list-ordered) ${o.queue.queued} queued · ${o.queue.running} running`, description: `failure rate ${Math.round(o.queue.failureRate * 100)}% of ${o.queue.ended} ended` },
    { label: 'Actions', kind: vscode.QuickPickItemKind.Separator },
    { label: actions.start },
    { label: actions.rescue, description: 'Rescue the runs of workers that stopped heartbeating' },
    ...(o.workers.some((w) => w.health !== 'live') ? [{ label: actions.cleanup }] : []),
  ];
  const pick = await vscode.window.showQuickPick(items, { title: `Viban workers — ${runtime.root}`, placeHolder: workerMode() === 'window' ? 'Runs live in this window (viban.worker.mode = window)' : 'Background workers run this folder\'s queue' });
  try {
    if (pick?.label === actions.start || pick?.label.includes(NO_WORKER_MESSAGE)) await background.start(runtime.root);
    else if (pick?.label === actions.rescue) await runtime.requireQueue().refresh();
    else if (pick?.label === actions.cleanup) await cleanupWorkers(runtime.root);
  } catch (err) {
    void vscode.window.showErrorMessage(`Viban: ${errorText(err)}`);
  }
}

/** The status-bar item: live workers, or the warning while runs wait for one. */
export class WorkersStatusItem implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('viban.workers', vscode.StatusBarAlignment.Left, 99);
  private readonly timer: NodeJS.Timeout;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly runtimes: WorkspaceRuntimes) {
    this.item.name = 'Viban Workers';
    this.item.command = SHOW_WORKERS_COMMAND;
    // The clock alone changes a silent worker's health: a slow timer for that; registrations
    // that change (a run ends, a worker starts or leaves) refresh it at once through the watcher.
    this.timer = setInterval(() => void this.refresh(), 5_000);
    this.subscriptions.push(runtimes.onDidChange(() => void this.refresh()));
    void this.refresh();
  }

  private watched: { root: string; stop: () => void } | undefined;

  private watchRoot(root: string): void {
    if (this.watched?.root === root) return;
    this.watched?.stop();
    this.watched = { root, stop: watchWorkerSignals(root, () => void this.refresh(), { pollMs: 5_000 }) };
  }

  private async refresh(): Promise<void> {
    const runtime = await this.runtimes.activeRuntime().catch(() => undefined);
    if (!runtime || workerMode() === 'window') return this.item.hide();
    this.watchRoot(runtime.root);
    const o = await workersOverview(runtime.root).catch(() => undefined);
    if (!o) return this.item.hide();
    if (o.live === 0 && o.queue.queued > 0) {
      this.item.text = `$(warning) ${NO_WORKER_MESSAGE}`;
      this.item.tooltip = `${o.queue.queued} run(s) wait in the queue. Click to start a worker.`;
      this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
    } else {
      const running = o.workers.reduce((n, w) => n + (w.health === 'live' ? w.record.running.length : 0), 0);
      this.item.text = `$(server-process) ${o.live} worker${o.live === 1 ? '' : 's'}${running ? ` · ${running} running` : ''}`;
      this.item.tooltip = `Viban workers for ${runtime.root}: ${o.queue.queued} queued. Click for details.`;
      this.item.backgroundColor = undefined;
    }
    this.item.show();
  }

  dispose(): void {
    clearInterval(this.timer);
    this.watched?.stop();
    this.subscriptions.forEach((d) => d.dispose());
    this.item.dispose();
  }
}
