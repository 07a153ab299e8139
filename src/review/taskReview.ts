// The review loop for one folder: where a task's agent works (its own git worktree, or the
// workspace), what it changed, and how the user accepts, sends back or discards the work. Shared
// by the VS Code adapters and the `viban` command; git itself lives in src/git.
import type { BoardService } from '../board/boardService';
import {
  changedFiles, commitAll, commitMessageFor, createTaskWorktree, detectGh, mergeIntoBase, pushAndOpenPullRequest, removeWorktree, repoInfo, runGit,
} from '../git';
import type { Task } from '../protocol/model';
import type { AcceptAction, GitContext, ReviewState } from '../protocol/review';
import type { SessionStore } from '../sessions/sessionStore';
import type { SessionMeta } from '../protocol/sessions';
import { applyAnswerPatch, finalAnswer, type AnswerPatchOutcome } from './answerPatch';

export type Isolation = 'workspace' | 'worktree';

export interface ReviewOptions {
  /** Where worktrees go (setting); default beside the repository. */
  worktreeLocation?: () => string | undefined;
  /** Environment for git and gh (tests put a stand-in `gh` on PATH). */
  env?: Record<string, string | undefined>;
  /** Column a card moves to once its work is accepted. */
  acceptedColumn?: () => string | undefined;
}

export type AcceptResult =
  | { ok: true; message: string; prUrl?: string; commit?: string }
  | { ok: false; message: string; conflictFiles?: string[] };

export class TaskReview {
  constructor(
    private readonly root: string,
    private readonly board: BoardService,
    private readonly store: SessionStore,
    private readonly options: ReviewOptions = {},
  ) {}

  async gitContext(): Promise<GitContext> {
    const info = await repoInfo(this.root, { env: this.options.env });
    if (!info.isRepo) return { isRepo: false, explanation: info.explanation, branches: [] };
    if (!info.head) return { isRepo: false, explanation: `${this.root} has no commits yet: make a first commit so Viban can start task branches from it.`, branches: [] };
    const refs = await runGit(this.root, ['for-each-ref', '--format=%(refname:short)', 'refs/heads/'], { env: this.options.env });
    const branches = refs.stdout.split('\n').filter((b) => b && !b.startsWith('viban/'));
    return { isRepo: true, branches, current: info.branch ?? undefined };
  }

  /** The folder a run works in; creates the task's worktree on its first isolated run. */
  async prepareRun(taskId: string, isolation: Isolation, baseBranch?: string): Promise<{ cwd: string; worktree?: NonNullable<Task['worktree']> }> {
    const task = this.task(taskId);
    if (isolation === 'workspace') return { cwd: this.root };
    if (task.worktree) return { cwd: task.worktree.path, worktree: task.worktree };
    const git = await this.gitContext();
    if (!git.isRepo) throw new Error(git.explanation ?? 'This folder cannot use git worktrees.');
    const created = await createTaskWorktree({ repo: this.root, taskId, title: task.title, baseBranch, location: this.options.worktreeLocation?.(), env: this.options.env });
    const worktree = { path: created.path, branch: created.branch, base: created.baseBranch };
    await this.board.patchTaskAgent(taskId, { worktree });
    return { cwd: created.path, worktree };
  }

  /** What the task's runs changed: against the base branch in a worktree, against HEAD in place. */
  async review(taskId: string): Promise<ReviewState> {
    const task = this.task(taskId);
    const git = await this.gitContext();
    const gh = await this.ghStatus();
    const state: ReviewState = {
      taskId,
      mode: task.worktree ? 'worktree' : 'workspace',
      git,
      worktree: task.worktree,
      files: [],
      summary: { files: 0, insertions: 0, deletions: 0 },
      proposedMessage: commitMessageFor(task.title, await this.agentSummary(task)),
      prUrl: task.prUrl,
      needsReview: task.needsReview,
      gh: { installed: gh.installed, loggedIn: gh.loggedIn, reason: gh.reason },
    };
    if (!git.isRepo) return state;
    // In place, the folder's uncommitted changes are the task's unless its last run was elsewhere:
    // after a worktree run was merged or discarded they belong to someone else.
    const lastFolder = task.worktree ? undefined : await this.lastRunFolder(task);
    if (lastFolder !== undefined && lastFolder !== this.root) return state;
    try {
      const changes = task.worktree
        ? await changedFiles({ worktree: task.worktree.path, base: task.worktree.base, env: this.options.env })
        : await changedFiles({ worktree: this.root, base: 'HEAD', env: this.options.env });
      // The store itself is not the agent's work.
      const files = changes.files.filter((f) => !f.path.startsWith('.viban/'));
      state.files = files;
      state.summary = { files: files.length, insertions: sum(files, 'insertions'), deletions: sum(files, 'deletions') };
      const prev = task.changes;
      if (!prev || prev.files !== state.summary.files || prev.insertions !== state.summary.insertions || prev.deletions !== state.summary.deletions) {
        await this.board.patchTaskAgent(taskId, { changes: state.summary });
      }
    } catch (err) {
      state.error = `Could not compute the changes: ${(err as Error).message}`;
    }
    return state;
  }

  /**
   * Commits the work, then merges it into the base branch (squash by default) or pushes it and
   * opens a pull request. A conflict stops the merge with nothing half-merged.
   */
  async accept(taskId: string, action: AcceptAction, message: string, opts: { leaveConflicts?: boolean } = {}): Promise<AcceptResult> {
    const task = this.task(taskId);
    const wt = task.worktree;
    const cwd = wt?.path ?? this.root;
    // In place, the board's own store is not part of the agent's work.
    const commit = await commitAll({ worktree: cwd, message, env: this.options.env, exclude: wt ? [] : ['.viban'] });
    if (!commit.committed && commit.reason !== 'nothing-to-commit') return { ok: false, message: commit.message };
    if (!wt || action === 'commit') {
      if (!commit.committed) return { ok: false, message: 'There is nothing to commit: the agent changed no file.' };
      await this.finishAccepted(taskId, {});
      return { ok: true, message: `Committed ${commit.commit.slice(0, 7)} in ${cwd}.`, commit: commit.commit };
    }
    if (action === 'pr') {
      const pr = await pushAndOpenPullRequest({ worktree: wt.path, branch: wt.branch, base: wt.base, title: task.title, body: message, env: this.options.env });
      if (pr.status === 'opened') {
        // The card stays where it is (In Review) until the pull request is merged.
        await this.board.patchTaskAgent(taskId, { prUrl: pr.url, needsReview: undefined, agentStatusMessage: 'Pull request open' });
        return { ok: true, message: `Pull request ${pr.alreadyExisted ? 'already open' : 'opened'}: ${pr.url}`, prUrl: pr.url };
      }
      return { ok: false, message: pr.message };
    }
    const merged = await mergeIntoBase({ repo: this.root, worktree: wt.path, branch: wt.branch, base: wt.base, strategy: action, message, leaveConflicts: opts.leaveConflicts, env: this.options.env });
    switch (merged.status) {
      case 'merged':
      case 'up-to-date': {
        const removed = await removeWorktree({ repo: this.root, path: wt.path, deleteBranch: true, base: wt.base, env: this.options.env });
        await this.finishAccepted(taskId, { worktree: undefined, changes: undefined });
        const cleanup = removed.removed ? ' The worktree and its branch were removed.' : ` The worktree was kept: ${removed.message}`;
        return { ok: true, message: `${action === 'squash' ? 'Squash-merged' : 'Merged'} ${wt.branch} into ${wt.base}.${cleanup}`, commit: merged.status === 'merged' ? merged.commit : undefined };
      }
      case 'conflict':
        await this.board.patchTaskAgent(taskId, { needsReview: `Merge conflict in ${merged.files.join(', ')}` });
        return { ok: false, message: `Merging ${wt.branch} into ${wt.base} conflicts in ${merged.files.join(', ')}.${merged.left ? ' The conflict is left in the main worktree for the merge editor.' : ' Nothing was merged.'}`, conflictFiles: merged.files };
      default:
        return { ok: false, message: merged.message };
    }
  }

  /** Removes the task's worktree and branch; refuses unmerged work unless `force`. */
  async discard(taskId: string, force = false): Promise<{ ok: boolean; message: string; needsForce?: boolean }> {
    const wt = this.task(taskId).worktree;
    if (!wt) return { ok: false, message: 'This task has no worktree to discard (it ran in the workspace itself).' };
    const removed = await removeWorktree({ repo: this.root, path: wt.path, deleteBranch: true, force, base: wt.base, env: this.options.env });
    if (!removed.removed) {
      if (removed.reason === 'not-found') {
        await this.board.patchTaskAgent(taskId, { worktree: undefined, changes: undefined });
        return { ok: true, message: 'The worktree was already gone.' };
      }
      return { ok: false, message: removed.message, needsForce: removed.reason === 'unmerged-commits' || removed.reason === 'uncommitted-changes' };
    }
    await this.board.patchTaskAgent(taskId, { worktree: undefined, changes: undefined, needsReview: undefined });
    return { ok: true, message: `Removed the worktree ${wt.path}${removed.branchDeleted ? ` and the branch ${wt.branch}` : ''}.` };
  }

  /**
   * After an API agent's run: a unified diff in its answer is applied in the run's folder; one
   * that does not apply marks the task "needs review", the patch kept under .viban/patches/.
   */
  async applyPatchFromAnswer(meta: SessionMeta): Promise<AnswerPatchOutcome> {
    const entries = [];
    for await (const e of this.store.readLog(meta.id)) entries.push(e);
    const outcome = await applyAnswerPatch({ folder: meta.cwd, root: this.root, taskId: meta.taskId, answer: finalAnswer(entries), env: this.options.env });
    if (outcome.kind === 'rejected') {
      const where = outcome.patchFile.startsWith(this.root) ? outcome.patchFile.slice(this.root.length + 1) : outcome.patchFile;
      await this.board.patchTaskAgent(meta.taskId, { needsReview: `${outcome.error} The patch is kept in ${where}.` });
    }
    return outcome;
  }

  private async finishAccepted(taskId: string, patch: Parameters<BoardService['patchTaskAgent']>[1]): Promise<void> {
    await this.board.patchTaskAgent(taskId, { ...patch, needsReview: undefined, agentStatusMessage: 'Accepted' });
    const column = this.options.acceptedColumn?.();
    const board = this.board.current.board;
    if (column && board.columns.some((c) => c.id === column)) await this.board.moveTask(taskId, column, Number.MAX_SAFE_INTEGER);
  }

  /** The agent's last words in its latest session: the body of the proposed commit message. */
  private async agentSummary(task: Task): Promise<string | undefined> {
    if (!task.lastSessionId) return undefined;
    const { entries } = await this.store.readTail(task.lastSessionId, 200);
    const result = [...entries].reverse().find((e) => e.kind === 'result');
    if (result?.kind === 'result' && result.text && !result.isError) return result.text;
    const said = entries.filter((e) => e.kind === 'assistant');
    const last = said.at(-1);
    return last?.kind === 'assistant' ? last.text : undefined;
  }

  private async lastRunFolder(task: Task): Promise<string | undefined> {
    return task.lastSessionId ? (await this.store.get(task.lastSessionId))?.cwd : undefined;
  }

  private gh: { at: number; status: Promise<{ installed: boolean; loggedIn: boolean; reason?: string }> } | undefined;

  /** `gh auth status` can take a while: checked at most once a minute. */
  private ghStatus() {
    if (!this.gh || Date.now() - this.gh.at > 60_000) {
      this.gh = { at: Date.now(), status: detectGh({ env: this.options.env }).catch(() => ({ installed: false, loggedIn: false, reason: 'gh could not be checked' })) };
    }
    return this.gh.status;
  }

  private task(taskId: string): Task {
    const task = this.board.current.board.tasks.find((t) => t.id === taskId);
    if (!task) throw new Error(`There is no task "${taskId}" on this board.`);
    return task;
  }
}

function sum(files: Array<{ insertions: number; deletions: number }>, key: 'insertions' | 'deletions'): number {
  return files.reduce((n, f) => n + f[key], 0);
}
