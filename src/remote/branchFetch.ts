// Brings a remote run's branch home: fetched from the GitHub remote and checked out in a task
// worktree beside the repository, as a local isolated run leaves it — so the card's Changes list
// and VS Code's diff editor, accept and discard work on it unchanged.
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { branchLeaf, canonicalPath, defaultWorktreeRoot, mainWorktreeOf, readOnly, runGit, uniqueName, type GitCallOptions } from '../git';

export interface FetchedBranch {
  path: string;
  branch: string;
  base: string;
}

export async function fetchRunBranch(opts: GitCallOptions & { root: string; remote: string; branch: string; base: string; taskId: string; location?: string }): Promise<FetchedBranch> {
  const { root, remote, branch } = opts;
  const git = (args: string[]) => runGit(root, args, opts);
  const listed = await runGit(root, ['worktree', 'list', '--porcelain'], readOnly(opts));
  const checkedOutAt = listed.stdout
    .split('\n\n')
    .map((block) => ({ path: /^worktree (.+)$/m.exec(block)?.[1], branch: /^branch refs\/heads\/(.+)$/m.exec(block)?.[1] }))
    .find((w) => w.branch === branch)?.path;
  if (checkedOutAt) {
    // The task's worktree already has the branch (an earlier run): bring it up to date there.
    await runGit(checkedOutAt, ['pull', '--ff-only', remote, branch], opts);
    return { path: checkedOutAt, branch, base: opts.base };
  }
  // Not checked out anywhere: the remote's branch is the truth for it.
  await git(['fetch', '--no-tags', remote, `+refs/heads/${branch}:refs/heads/${branch}`]);
  const baseRef = (await runGit(root, ['rev-parse', '--verify', '--quiet', `refs/heads/${opts.base}`], { ...readOnly(opts), okExitCodes: [1] })).stdout.trim()
    ? opts.base
    : undefined;
  if (!baseRef) await git(['fetch', '--no-tags', remote, `+refs/heads/${opts.base}:refs/heads/${opts.base}`]).catch(() => undefined);
  const mainWorktree = await mainWorktreeOf(root, opts);
  const location = canonicalPath(opts.location ?? defaultWorktreeRoot(mainWorktree));
  await fs.mkdir(location, { recursive: true });
  const wtPath = path.join(location, uniqueName(branchLeaf(branch), (leaf) => existsSync(path.join(location, leaf))));
  await git(['worktree', 'add', wtPath, branch]);
  // The same record createTaskWorktree leaves, so "Manage Worktrees" knows whose it is.
  const baseCommit = (await runGit(root, ['merge-base', opts.base, branch], { ...readOnly(opts), okExitCodes: [1] })).stdout.trim();
  const gitDir = (await runGit(wtPath, ['rev-parse', '--absolute-git-dir'], readOnly(opts))).stdout.trim();
  await fs.writeFile(path.join(gitDir, 'viban-task.json'), JSON.stringify({ taskId: opts.taskId, baseBranch: opts.base, baseCommit, createdAt: new Date().toISOString() }, null, 2) + '\n');
  return { path: wtPath, branch, base: opts.base };
}
