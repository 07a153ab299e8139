// The review half of a board webview: a task's changed files (live while its agent works), the
// editor's diff per file, and accept / send back / discard.
import * as path from 'node:path';
import type { FromWebview, ToWebview } from '../protocol/messages';
import type { FolderRuntime } from '../app/folderRuntime';
import type { HostUi, Runtimes } from './ports';
import type { ReplyFields } from './router';

type Msg<T extends FromWebview['type']> = Extract<FromWebview, { type: T }>;

const LIVE_REFRESH_MS = 2000;

export interface ReviewControllerDeps {
  post(message: ToWebview): void;
  runtimes: Runtimes;
  ui: HostUi;
}

export class ReviewController {
  private watched: string | null = null;
  private timer: ReturnType<typeof setInterval> | undefined;
  private readonly unsubscribers: Array<() => void> = [];

  constructor(private readonly deps: ReviewControllerDeps) {}

  private async runtime(): Promise<FolderRuntime> {
    const runtime = await this.deps.runtimes.activeRuntime();
    if (!runtime) throw new Error('Open a folder to review changes.');
    return runtime;
  }

  watchReview = async (msg: Msg<'watchReview'>) => this.watch(await this.runtime(), msg.taskId);

  openDiff = async (msg: Msg<'openDiff'>) => {
    const review = await (await this.runtime()).review.review(msg.taskId);
    const change = review.files.find((f) => f.path === msg.path);
    if (!change) throw new Error(`${msg.path} is no longer among the changes.`);
    const folder = review.worktree?.path ?? (await this.runtime()).root;
    const ref = review.worktree?.base ?? 'HEAD';
    const left = { kind: 'base' as const, folder, ref, path: change.oldPath ?? change.path, empty: change.status === 'added' };
    const right = change.status === 'deleted' ? { kind: 'base' as const, folder, ref, path: change.path, empty: true } : { kind: 'file' as const, path: path.join(folder, change.path) };
    const where = review.worktree ? `${review.worktree.branch} vs ${ref}` : `working tree vs ${ref}`;
    await this.deps.ui.openDiff(left, right, `${path.basename(change.path)} (${where})`);
  };

  acceptTask = async (msg: Msg<'acceptTask'>) => {
    const runtime = await this.runtime();
    const worktree = runtime.board.current.board.tasks.find((t) => t.id === msg.taskId)?.worktree;
    const result = await runtime.review.accept(msg.taskId, msg.action, msg.message);
    // The merged worktree is gone: its diff tabs would show a deleted branch.
    const stillThere = runtime.board.current.board.tasks.find((t) => t.id === msg.taskId)?.worktree;
    if (result.ok && worktree && !stillThere) await this.deps.ui.closeEditorsUnder(worktree.path);
    await this.send(runtime, msg.taskId);
    if (!result.ok) {
      if (result.conflictFiles?.length) void this.offerMergeEditor(runtime, msg.taskId, msg.action, msg.message, result.conflictFiles);
      throw new Error(result.message);
    }
    this.deps.ui.info(`Viban: ${result.message}`);
  };

  sendBack = async (msg: Msg<'sendBack'>): Promise<ReplyFields> => {
    const runtime = await this.runtime();
    if (!msg.comments.trim()) throw new Error('Write what the agent should change first.');
    const meta = await runtime.sessions.followUp(msg.taskId, `Review comments on your changes:\n\n${msg.comments.trim()}`);
    return { sessionId: meta.id };
  };

  discardTask = async (msg: Msg<'discardTask'>) => {
    const runtime = await this.runtime();
    const { ui } = this.deps;
    const task = runtime.board.current.board.tasks.find((t) => t.id === msg.taskId);
    if (!task?.worktree) throw new Error('This task has no worktree to discard.');
    const ok = await ui.ask(
      `Discard the work on "${task.title}"?`,
      { modal: true, detail: `The worktree ${task.worktree.path} and the branch ${task.worktree.branch} are removed.` },
      'Discard',
    );
    if (ok !== 'Discard') return;
    let result = await runtime.review.discard(msg.taskId, false);
    if (!result.ok && result.needsForce) {
      const force = await ui.ask(result.message, { modal: true, detail: 'Discarding deletes that work for good.' }, 'Discard Anyway');
      if (force !== 'Discard Anyway') return;
      result = await runtime.review.discard(msg.taskId, true);
    }
    if (!result.ok) throw new Error(result.message);
    await this.send(runtime, msg.taskId);
  };

  openWorktree = async (msg: Msg<'openWorktree'>) => {
    const wt = (await this.runtime()).board.current.board.tasks.find((t) => t.id === msg.taskId)?.worktree;
    if (!wt) throw new Error('This task has no worktree.');
    await this.deps.ui.openFolderInNewWindow(wt.path);
  };

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
      this.deps.post({ type: 'review', review: await runtime.review.review(taskId) });
    } catch {
      // The task was deleted meanwhile: nothing to show.
    }
  }

  private async offerMergeEditor(runtime: FolderRuntime, taskId: string, action: 'squash' | 'merge' | 'pr' | 'commit', message: string, files: string[]): Promise<void> {
    if (action !== 'squash' && action !== 'merge') return;
    const pick = await this.deps.ui.ask(`Viban: merging conflicts in ${files.join(', ')}. Nothing was merged.`, { modal: false }, 'Resolve in Merge Editor');
    if (pick !== 'Resolve in Merge Editor') return;
    // Merge again, this time leaving the conflict in the main worktree for the editor's merge editor.
    await runtime.review.accept(taskId, action, message, { leaveConflicts: true });
    for (const f of files) await this.deps.ui.openFile(path.join(runtime.root, f));
  }

  dispose(): void {
    if (this.timer) clearInterval(this.timer);
    this.unsubscribers.forEach((u) => u());
  }
}
