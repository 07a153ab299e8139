// Merging a task branch into its base, in the MAIN worktree, and only when that is safe: the
// main worktree must be on the base branch with no uncommitted changes to tracked files. On a
// conflict the default is to abort cleanly — HEAD, index and files exactly as before — and
// report the files; with `leaveConflicts` the conflict stays in place for VS Code's merge editor.
// History is only ever added to: no rebase, no reset of committed work, no force-push.
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { gitComplaint, readOnly, runGit, splitNul, type GitCallOptions, type RunResult } from './gitRunner';
import { mainWorktreeOf, uncommittedFiles } from './repoInfo';

export type MergeStrategy = 'squash' | 'merge';

export interface MergeIntoBaseOptions extends GitCallOptions {
  /** Any folder of the repository. */
  repo: string;
  /** The task worktree; when given it must have no uncommitted changes (they would be left out). */
  worktree?: string;
  branch: string;
  base: string;
  /** Default 'squash': one commit on the base with `message`. 'merge': a --no-ff merge commit. */
  strategy?: MergeStrategy;
  message: string;
  /** Leave a conflicted merge in the main worktree (for the merge editor) instead of aborting it. */
  leaveConflicts?: boolean;
  /**
   * Changes under these paths don't count as "main has uncommitted changes". Default ['.viban/']:
   * the board file changes whenever a card moves, including the move that triggers the merge. If
   * the branch touches such a file git itself refuses before changing anything.
   */
  allowDirtyPaths?: readonly string[];
}

export type MergeRefusal = 'main-not-on-base' | 'main-dirty' | 'operation-in-progress' | 'worktree-dirty' | 'git-refused';

export type MergeResult =
  | { status: 'merged'; commit: string; strategy: MergeStrategy; mainWorktree: string }
  | { status: 'up-to-date'; message: string; mainWorktree: string }
  | {
      status: 'conflict';
      conflict: true;
      files: string[];
      /** true: the conflict is in the main worktree for the user to resolve; false: it was aborted, nothing changed. */
      left: boolean;
      mainWorktree: string;
      message: string;
    }
  | { status: 'refused'; reason: MergeRefusal; message: string; files?: string[] };

const IN_PROGRESS = ['MERGE_HEAD', 'CHERRY_PICK_HEAD', 'REVERT_HEAD', 'rebase-merge', 'rebase-apply', 'BISECT_LOG'];

async function operationInProgress(dir: string, opts?: GitCallOptions): Promise<string | undefined> {
  for (const name of IN_PROGRESS) {
    const p = (await runGit(dir, ['rev-parse', '--git-path', name], readOnly(opts))).stdout.trim();
    if (existsSync(path.resolve(dir, p))) return name;
  }
  return undefined;
}

async function unmergedFiles(dir: string, opts?: GitCallOptions): Promise<string[]> {
  const r = await runGit(dir, ['diff', '--name-only', '--diff-filter=U', '-z'], readOnly(opts));
  return [...new Set(splitNul(r.stdout))];
}

async function headOf(dir: string, opts?: GitCallOptions): Promise<string> {
  return (await runGit(dir, ['rev-parse', 'HEAD'], readOnly(opts))).stdout.trim();
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

export async function mergeIntoBase(opts: MergeIntoBaseOptions): Promise<MergeResult> {
  const strategy = opts.strategy ?? 'squash';
  const main = await mainWorktreeOf(opts.repo, opts);
  const current = await runGit(main, ['symbolic-ref', '--quiet', '--short', 'HEAD'], { ...readOnly(opts), okExitCodes: [1] });
  const onBranch = current.exitCode === 0 ? current.stdout.trim() : null;
  if (onBranch !== opts.base) {
    const where = onBranch ? `on ${onBranch}` : 'on a detached HEAD';
    return { status: 'refused', reason: 'main-not-on-base', message: `The main worktree ${main} is ${where}, not ${opts.base}; switch it to ${opts.base} to merge.` };
  }
  const op = await operationInProgress(main, opts);
  if (op) return { status: 'refused', reason: 'operation-in-progress', message: `${main} is in the middle of another git operation (${op}); finish or abort it first.` };
  // Untracked files don't block: git refuses by itself if the merge would overwrite one.
  const dirty = await uncommittedFiles(main, { ...opts, untracked: false, ignorePaths: opts.allowDirtyPaths ?? ['.viban/'] });
  if (dirty.length) {
    return { status: 'refused', reason: 'main-dirty', files: dirty, message: `${opts.base} has uncommitted changes (${plural(dirty.length, 'file')}: ${dirty.slice(0, 3).join(', ')}${dirty.length > 3 ? ', …' : ''}); commit or stash them first.` };
  }
  if (opts.worktree) {
    const wtDirty = await uncommittedFiles(opts.worktree, opts);
    if (wtDirty.length) {
      return { status: 'refused', reason: 'worktree-dirty', files: wtDirty, message: `The task worktree has uncommitted changes (${plural(wtDirty.length, 'file')}); commit them first so they are part of the merge.` };
    }
  }
  const branchRef = `refs/heads/${opts.branch}`;
  const ahead = await runGit(main, ['rev-list', '--count', `refs/heads/${opts.base}..${branchRef}`], readOnly(opts));
  if (Number(ahead.stdout.trim()) === 0) return { status: 'up-to-date', mainWorktree: main, message: `${opts.base} already contains everything on ${opts.branch}.` };

  const before = await headOf(main, opts);
  const args =
    strategy === 'squash'
      ? ['merge', '--squash', '--no-edit', branchRef]
      : ['merge', '--no-ff', '--no-edit', '-m', opts.message, branchRef];
  const merge = await runGit(main, args, { ...opts, okExitCodes: [1, 2, 128] });
  if (merge.exitCode !== 0) return afterFailedMerge(main, before, strategy, merge, opts);

  if (strategy === 'squash') {
    // The branch's changes may already be on the base (merged before): then there is nothing to commit.
    const staged = await runGit(main, ['diff', '--cached', '--quiet', '--no-ext-diff'], { ...opts, okExitCodes: [1] });
    if (staged.exitCode === 0) {
      await runGit(main, ['reset', '--merge'], opts);
      return { status: 'up-to-date', mainWorktree: main, message: `${opts.base} already contains the changes of ${opts.branch}.` };
    }
    await runGit(main, ['commit', '--quiet', '-F', '-'], { ...opts, input: opts.message });
  }
  return { status: 'merged', commit: await headOf(main, opts), strategy, mainWorktree: main };
}

async function afterFailedMerge(main: string, before: string, strategy: MergeStrategy, merge: RunResult, opts: MergeIntoBaseOptions): Promise<MergeResult> {
  const files = await unmergedFiles(main, opts);
  const gitSays = gitComplaint(merge.stderr, 8) || gitComplaint(merge.stdout, 8);
  if (!files.length) {
    // Refused before it began (e.g. "untracked working tree files would be overwritten"), or a
    // hook stopped it: make sure nothing is left half-done, then pass git's words on.
    if (await operationInProgress(main, opts)) await runGit(main, ['merge', '--abort'], { ...opts, okExitCodes: [128] });
    return { status: 'refused', reason: 'git-refused', message: `git did not merge ${opts.branch}: ${gitSays}` };
  }
  const list = files.slice(0, 5).join(', ') + (files.length > 5 ? ', …' : '');
  if (opts.leaveConflicts) {
    if (strategy === 'squash') {
      // A squash has no MERGE_HEAD; `git commit` (and the SCM view) take the message from SQUASH_MSG.
      const squashMsg = (await runGit(main, ['rev-parse', '--git-path', 'SQUASH_MSG'], readOnly(opts))).stdout.trim();
      await fs.writeFile(path.resolve(main, squashMsg), opts.message);
    }
    return { status: 'conflict', conflict: true, files, left: true, mainWorktree: main, message: `Merging ${opts.branch} into ${opts.base} conflicts in ${plural(files.length, 'file')} (${list}); resolve them in ${main}, then commit.` };
  }
  // `merge --abort` needs MERGE_HEAD, which a squash never writes; `reset --merge` is what --abort
  // runs underneath and works for both, keeping unrelated local changes (the allowed .viban/ ones).
  await runGit(main, strategy === 'merge' ? ['merge', '--abort'] : ['reset', '--merge'], opts);
  const after = await headOf(main, opts);
  if (after !== before) throw new Error(`After aborting the merge, ${main} is at ${after} instead of ${before}; nothing was rewritten, but please check it.`);
  return { status: 'conflict', conflict: true, files, left: false, mainWorktree: main, message: `${opts.branch} conflicts with ${opts.base} in ${plural(files.length, 'file')} (${list}); nothing was merged.` };
}
