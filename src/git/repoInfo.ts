// What Viban needs to know about a workspace folder before it offers isolated worktrees: is it
// a git repository at all, where is its top level, which branch is checked out, is anything
// uncommitted, and which branch tasks should start from by default.
import * as path from 'node:path';
import { CommandError, readOnly, runGit, splitNul, type GitCallOptions } from './gitRunner';

export type RepoInfo =
  | {
      isRepo: true;
      /** Top level of the worktree `dir` is in. */
      topLevel: string;
      /** Top level of the main worktree (differs from topLevel inside a linked worktree). */
      mainWorktree: string;
      /** null when HEAD is detached. */
      branch: string | null;
      /** null before the first commit. */
      head: string | null;
      /** Staged, unstaged or untracked (not ignored) changes. */
      dirty: boolean;
      /** Best guess for the branch tasks start from and merge into; null before the first commit. */
      defaultBase: string | null;
    }
  | {
      isRepo: false;
      reason: 'not-a-repo' | 'no-folder' | 'git-missing' | 'unsafe-owner';
      /** A sentence the UI can show as is. */
      explanation: string;
    };

export async function isGitRepo(dir: string, opts?: GitCallOptions): Promise<boolean> {
  try {
    const r = await runGit(dir, ['rev-parse', '--is-inside-work-tree'], readOnly(opts));
    return r.stdout.trim() === 'true';
  } catch (e) {
    if (e instanceof CommandError && e.kind === 'failed') return false;
    if (e instanceof CommandError && e.kind === 'not-found') return false;
    throw e;
  }
}

export function notARepoExplanation(dir: string): string {
  return `${dir} is not a git repository, so Viban runs agents in place; run \`git init\` to get isolated worktrees.`;
}

function explainFailure(dir: string, e: unknown): RepoInfo {
  if (e instanceof CommandError && e.kind === 'not-found') {
    return { isRepo: false, reason: 'git-missing', explanation: `git is not installed (or not on PATH), so Viban runs agents in place in ${dir}; install git to get isolated worktrees.` };
  }
  const stderr = e instanceof CommandError ? e.stderr : '';
  if (/cannot change to|No such file or directory/i.test(stderr)) {
    return { isRepo: false, reason: 'no-folder', explanation: `${dir} does not exist.` };
  }
  // git >= 2.35.2 refuses repositories owned by another user (CVE-2022-24765).
  if (/dubious ownership/i.test(stderr)) {
    return {
      isRepo: false,
      reason: 'unsafe-owner',
      explanation: `git refuses ${dir} because another user owns it; if you trust it, run \`git config --global --add safe.directory ${dir}\`. Until then Viban runs agents in place.`,
    };
  }
  if (e instanceof CommandError && e.kind === 'failed') return { isRepo: false, reason: 'not-a-repo', explanation: notARepoExplanation(dir) };
  throw e;
}

async function refExists(dir: string, ref: string, opts?: GitCallOptions): Promise<boolean> {
  const r = await runGit(dir, ['show-ref', '--verify', '--quiet', ref], { ...readOnly(opts), okExitCodes: [1] });
  return r.exitCode === 0;
}

/** The path of the main worktree: always the first entry of `git worktree list`. */
export async function mainWorktreeOf(dir: string, opts?: GitCallOptions): Promise<string> {
  const r = await runGit(dir, ['worktree', 'list', '--porcelain'], readOnly(opts));
  const first = r.stdout.split('\n').find((l) => l.startsWith('worktree '));
  if (!first) throw new Error(`git worktree list printed no worktree for ${dir}.`);
  return first.slice('worktree '.length);
}

/** origin's default branch if we have it locally, else main, else master, else the current branch. */
export async function guessDefaultBase(dir: string, current: string | null, opts?: GitCallOptions): Promise<string | null> {
  const originHead = await runGit(dir, ['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD'], { ...readOnly(opts), okExitCodes: [1, 128] });
  const candidates: string[] = [];
  if (originHead.exitCode === 0) candidates.push(originHead.stdout.trim().replace(/^refs\/remotes\/origin\//, ''));
  candidates.push('main', 'master');
  for (const name of candidates) if (await refExists(dir, `refs/heads/${name}`, opts)) return name;
  return current;
}

/** Paths with staged, unstaged or untracked changes in `dir` (ignored files don't count), minus `ignorePaths` (folders end with '/'). */
export async function uncommittedFiles(
  dir: string,
  opts?: GitCallOptions & { ignorePaths?: readonly string[]; untracked?: boolean },
): Promise<string[]> {
  const untracked = opts?.untracked === false ? 'no' : 'all';
  const r = await runGit(dir, ['status', '--porcelain=v1', '-z', `--untracked-files=${untracked}`], readOnly(opts));
  const entries = splitNul(r.stdout);
  const files: string[] = [];
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i];
    const status = entry.slice(0, 2);
    files.push(entry.slice(3));
    // A rename/copy entry is followed by its source path as a separate NUL field.
    if (status[0] === 'R' || status[0] === 'C') i++;
  }
  const ignore = opts?.ignorePaths ?? [];
  return files.filter((f) => !ignore.some((p) => f === p.replace(/\/$/, '') || f.startsWith(p.endsWith('/') ? p : p + '/')));
}

export async function repoInfo(dir: string, opts?: GitCallOptions): Promise<RepoInfo> {
  let topLevel: string;
  try {
    const r = await runGit(dir, ['rev-parse', '--show-toplevel'], readOnly(opts));
    topLevel = r.stdout.trim();
    if (!topLevel) return { isRepo: false, reason: 'not-a-repo', explanation: notARepoExplanation(dir) };
  } catch (e) {
    return explainFailure(dir, e);
  }
  const branchRes = await runGit(topLevel, ['symbolic-ref', '--quiet', '--short', 'HEAD'], { ...readOnly(opts), okExitCodes: [1] });
  const branch = branchRes.exitCode === 0 ? branchRes.stdout.trim() : null;
  // Exit 128 before the first commit: HEAD names a branch that does not exist yet.
  const headRes = await runGit(topLevel, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { ...readOnly(opts), okExitCodes: [1, 128] });
  const head = headRes.exitCode === 0 ? headRes.stdout.trim() : null;
  const dirty = (await uncommittedFiles(topLevel, opts)).length > 0;
  const mainWorktree = path.resolve(await mainWorktreeOf(topLevel, opts));
  const defaultBase = head ? await guessDefaultBase(topLevel, branch, opts) : null;
  return { isRepo: true, topLevel: path.resolve(topLevel), mainWorktree, branch, head, dirty, defaultBase };
}
