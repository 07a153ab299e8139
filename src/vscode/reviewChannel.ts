// The review half of a board webview: a task's changed files (live while its agent works), VS
// Code's diff editor per file, and accept / send back / discard.
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { FromWebview, ToWebview } from '../protocol/messages';
import type { FolderRuntime } from '../app/folderRuntime';
import { baseUri } from './baseContent';
import type { WorkspaceRuntimes } from './workspaceRuntimes';

export type ReviewMessage = Extract<FromWebview, { type: 'watchReview' | 'openDiff' | 'acceptTask' | 'sendBack' | 'discardTask' | 'openWorktree' }>;
const TYPES = new Set<string>(['watchReview', 'openDiff', 'acceptTask', 'sendBack', 'discardTask', 'openWorktree']);
export const isReviewMessage = (m: FromWebview): m is ReviewMessage => TYPES.has(m.type);

const LIVE_REFRESH_MS = 2000;

export class ReviewChannel implements vscode.Disposable {
  private watched: string | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly unsubscribers: Array<() => void> = [];

  constructor(
    private readonly post: (m: ToWebview) => void,
    private readonly runtimes: WorkspaceRuntimes,
  ) {}

  async handle(msg: ReviewMessage): Promise<string | void> {
    const runtime = await this.runtimes.activeRuntime();
    if (!runtime) throw new Error('Open a folder to review changes.');
    switch (msg.type) {
      case 'watchReview':
        this.watch(runtime, msg.taskId);
        return;
      case 'openDiff':
        return this.openDiff(runtime, msg.taskId, msg.path);
      case 'acceptTask': {
        const result = await runtime.review.accept(msg.taskId, msg.action, msg.message);
        await this.send(runtime, msg.taskId);
        if (!result.ok) {
          if (result.conflictFiles?.length) void this.offerMergeEditor(runtime, msg.taskId, msg.action, msg.message, result.conflictFiles);
          throw new Error(result.message);
        }
        void vscode.window.showInformationMessage(`Viban: ${result.message}`);
        return;
      }
      case 'sendBack': {
        if (!msg.comments.trim()) throw new Error('Write what the agent should change first.');
        const meta = await runtime.sessions.followUp(msg.taskId, `Review comments on your changes:\n\n${msg.comments.trim()}`);
        return meta.id;
      }
      case 'discardTask':
        return this.discard(runtime, msg.taskId);
      case 'openWorktree': {
        const wt = runtime.board.current.board.tasks.find((t) => t.id === msg.taskId)?.worktree;
        if (!wt) throw new Error('This task has no worktree.');
        await vscode.commands.executeCommand('vscode.openFolder', vscode.Uri.file(wt.path), { forceNewWindow: true });
        return;
      }
    }
  }

  private watch(runtime: FolderRuntime, taskId: string | null): void {
    this.watched = taskId;
    this.unsubscribers.splice(0).forEach((u) => u());
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    if (!taskId) return;
    void this.send(runtime, taskId);
    // While the task's agent works, its changes are re-read every couple of seconds; when a run
    // ends, once more.
    this.unsubscribers.push(
      runtime.sessions.on({
        session: (meta) => {
          if (meta.taskId === taskId) void this.send(runtime, taskId);
        },
      }),
    );
    this.timer = setInterval(() => {
      if (runtime.sessions.liveRunForTask(taskId)) void this.send(runtime, taskId);
    }, LIVE_REFRESH_MS);
  }

  private async send(runtime: FolderRuntime, taskId: string): Promise<void> {
    if (this.watched !== taskId) return;
    try {
      this.post({ type: 'review', review: await runtime.review.review(taskId) });
    } catch {
      // The task was deleted meanwhile: nothing to show.
    }
  }

  private async openDiff(runtime: FolderRuntime, taskId: string, file: string): Promise<void> {
    const review = await runtime.review.review(taskId);
    const change = review.files.find((f) => f.path === file);
    if (!change) throw new Error(`${file} is no longer among the changes.`);
    const folder = review.worktree?.path ?? runtime.root;
    const base = review.worktree?.base ?? 'HEAD';
    const left = baseUri(folder, base, change.oldPath ?? change.path, change.status === 'added');
    const right = change.status === 'deleted' ? baseUri(folder, base, change.path, true) : vscode.Uri.file(path.join(folder, change.path));
    const where = review.worktree ? `${review.worktree.branch} vs ${base}` : `working tree vs ${base}`;
    await vscode.commands.executeCommand('vscode.diff', left, right, `${path.basename(change.path)} (${where})`, { preview: true });
  }

  private async offerMergeEditor(runtime: FolderRuntime, taskId: string, action: 'squash' | 'merge' | 'pr' | 'commit', message: string, files: string[]): Promise<void> {
    if (action !== 'squash' && action !== 'merge') return;
    const pick = await vscode.window.showWarningMessage(
      `Viban: merging conflicts in ${files.join(', ')}. Nothing was merged.`,
      { modal: false },
      'Resolve in Merge Editor',
    );
    if (pick !== 'Resolve in Merge Editor') return;
    // Merge again, this time leaving the conflict in the main worktree for VS Code's merge editor.
    await runtime.review.accept(taskId, action, message, { leaveConflicts: true });
    for (const f of files) await vscode.commands.executeCommand('vscode.open', vscode.Uri.file(path.join(runtime.root, f)));
  }

  private async discard(runtime: FolderRuntime, taskId: string): Promise<void> {
    const task = runtime.board.current.board.tasks.find((t) => t.id === taskId);
    if (!task?.worktree) throw new Error('This task has no worktree to discard.');
    const ok = await vscode.window.showWarningMessage(
      `Discard the work on "${task.title}"?`,
      { modal: true, detail: `The worktree ${task.worktree.path} and the branch ${task.worktree.branch} are removed.` },
      'Discard',
    );
    if (ok !== 'Discard') return;
    let result = await runtime.review.discard(taskId, false);
    if (!result.ok && result.needsForce) {
      const force = await vscode.window.showWarningMessage(result.message, { modal: true, detail: 'Discarding deletes that work for good.' }, 'Discard Anyway');
      if (force !== 'Discard Anyway') return;
      result = await runtime.review.discard(taskId, true);
    }
    if (!result.ok) throw new Error(result.message);
    await this.send(runtime, taskId);
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.unsubscribers.forEach((u) => u());
  }
}
