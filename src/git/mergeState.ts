// "Is this branch's work already in its base?" — asked before a branch is deleted. Ancestry
// alone is not enough: after a squash merge the branch's commits are not ancestors of the base
// even though every change they made is there, so we also compare content.
import { readOnly, runGit, splitNul, type GitCallOptions } from './gitRunner';

// Above this many changed files we don't pass them as pathspecs (argv limits); ancestry decides.
const MAX_CONTENT_CHECK_FILES = 2000;

/**
 * How many of the branch's commits carry changes that the base does not have: 0 when the branch
 * is an ancestor of the base, or when every file the branch changed since the merge-base has the
 * same content on the base (a squash merge, or the same change made twice). undefined when either
 * branch does not exist.
 */
export async function commitsNotInBase(repo: string, branch: string, base: string, opts?: GitCallOptions): Promise<number | undefined> {
  const ro = readOnly(opts);
  const b = `refs/heads/${branch}`;
  const baseRef = `refs/heads/${base}`;
  const count = await runGit(repo, ['rev-list', '--count', `${baseRef}..${b}`], { ...ro, okExitCodes: [128] });
  if (count.exitCode !== 0) return undefined;
  const commits = Number(count.stdout.trim());
  if (commits === 0) return 0;
  const mb = await runGit(repo, ['merge-base', baseRef, b], { ...ro, okExitCodes: [1] });
  if (mb.exitCode !== 0) return commits;
  const changed = splitNul((await runGit(repo, ['diff', '--name-only', '-z', '--no-renames', mb.stdout.trim(), b], ro)).stdout);
  if (changed.length === 0) return 0;
  if (changed.length > MAX_CONTENT_CHECK_FILES) return commits;
  // GIT_LITERAL_PATHSPECS: a file named "*.ts" or ":(top)x" must mean that file, not a pattern.
  const same = await runGit(repo, ['diff', '--quiet', '--no-renames', baseRef, b, '--', ...changed], {
    ...ro,
    extraEnv: { ...ro.extraEnv, GIT_LITERAL_PATHSPECS: '1' },
    okExitCodes: [1],
  });
  return same.exitCode === 0 ? 0 : commits;
}
