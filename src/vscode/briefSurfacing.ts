// Unasked surfacing in the editor (issue #14): a failed run, failed checks, and an agent that has
// waited long for approval each become one notification with a suggested next step and a button
// that opens the card. Failed runs of this window's own sessions are already told by
// RunNotifications; here they are told for runs in a background worker, which that class never sees.
import * as vscode from 'vscode';
import type { FolderRuntime } from '../app/folderRuntime';
import type { Board } from '../protocol/model';
import { boardNotables, LongWaits, type Notable } from '../assist/brief/surfacing';
import { Logger } from './logger';
import type { WorkspaceRuntimes } from './workspaceRuntimes';

const DEFAULT_LONG_WAIT_MINUTES = 10;
const CHECK_WAITS_EVERY_MS = 30_000;

export class BriefSurfacing implements vscode.Disposable {
  private readonly unsubscribe: Array<() => void> = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(runtimes: WorkspaceRuntimes, private readonly showTask: (taskId: string) => Promise<void>) {
    runtimes.openRuntimes.forEach((r) => this.watch(r));
    this.disposables.push(runtimes.onDidOpenRuntime((r) => this.watch(r)));
  }

  private watch(runtime: FolderRuntime): void {
    let before: Board | undefined = runtime.board.current.board;
    this.unsubscribe.push(
      runtime.board.onDidChange((state) => {
        const notables = boardNotables(before, state.board);
        before = state.board;
        const backgroundRuns = vscode.workspace.getConfiguration('viban.worker').get<string>('mode', 'background') === 'background';
        for (const n of notables) if (n.kind !== 'runFailed' || backgroundRuns) this.tell(n);
      }),
    );
    const waits = new LongWaits();
    const check = (pending = runtime.pendingApprovals()) => {
      const now = Date.now();
      waits.update(pending, now);
      const minutes = vscode.workspace.getConfiguration('viban.assist').get<number>('longWaitMinutes', DEFAULT_LONG_WAIT_MINUTES);
      const titleOf = (id: string) => runtime.board.current.board.tasks.find((t) => t.id === id)?.title ?? 'A task';
      for (const n of waits.due(pending, now, minutes * 60_000, titleOf)) this.tell(n);
    };
    this.unsubscribe.push(runtime.onApprovals((pending) => check(pending)));
    const timer = setInterval(() => check(), CHECK_WAITS_EVERY_MS);
    timer.unref?.();
    this.timers.push(timer);
  }

  private tell(n: Notable): void {
    const text = Logger.redact(`Viban: ${n.message} Next: ${n.suggestion}`);
    const show = n.kind === 'longWait' ? vscode.window.showWarningMessage : vscode.window.showErrorMessage;
    void show(text, 'Open Card').then((pick) => {
      if (pick) void this.showTask(n.taskId);
    });
  }

  dispose(): void {
    this.timers.forEach(clearInterval);
    this.unsubscribe.forEach((u) => u());
    this.disposables.forEach((d) => d.dispose());
  }
}
