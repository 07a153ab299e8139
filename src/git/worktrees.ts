// One git worktree per task, on its own `viban/<id>-<slug>` branch, in a folder OUTSIDE the
// workspace: the agent edits there, the user's checkout and uncommitted work are never touched,
// and the workspace's file watchers and search don't see the agent's copy.
import { promises as fs, existsSync, realpathSync } from 'node:fs';
import * as path from 'node:path';
import { readOnly, runGit, type GitCallOptions } from './gitRunner';
import { BRANCH_PREFIX, branchLeaf, parseTaskBranch, shortTaskId, taskBranchName, uniqueName } from './naming';
import { mainWorktreeOf, repoInfo, uncommittedFiles } from './repoInfo';
import { commitsNotInBase } from './mergeState';

/** A worktree could not be created (the message says why and what to do). */
export class WorktreeError extends Error {
  override readonly name = 'WorktreeError';
  constructor(
    readonly reason: 'not-a-repo' | 'no-commits' | 'no-base' | 'location-inside-repo',
    message: string,
  ) {
    super(message);
  }
}

/** Kept in the worktree's private git folder (`.git/worktrees/<name>/`), which git removes with it. */
const META_FILE = 'viban-task.json';

interface WorktreeMeta {
  taskId: string;
  baseBranch: string;
  baseCommit: string;
  createdAt: string;
}

export interface TaskWorktree {
  path: string;
  branch: string;
  baseBranch: string;
  /** The base branch's commit the worktree started from. */
  baseCommit: string;
  taskId: string;
}

export interface CreateTaskWorktreeOptions extends GitCallOptions {
  /** Any folder inside the repository (the workspace folder). */
  repo: string;
  taskId: string;
  title: string;
  /** Local branch to start from. Default: the branch checked out in `repo`. */
  baseBranch?: string;
  /** Folder that holds this repository's task worktrees. Default: defaultWorktreeRoot(). */
  location?: string;
}

/** `<repo-parent>/.viban-worktrees/<repo-name>`: beside the workspace, never inside it. */
export function defaultWorktreeRoot(mainWorktree: string): string {
  return path.join(path.dirname(mainWorktree), '.viban-worktrees', path.basename(mainWorktree));
}

/** Resolves symlinks in the existing part of `p` (macOS /var -> /private/var), so paths compare. */
export function canonicalPath(p: string): string {
  const abs = path.resolve(p);
  try {
    return realpathSync.native(abs);
  } catch {
    const parent = path.dirname(abs);
    return parent === abs ? abs : path.join(canonicalPath(parent), path.basename(abs));
  }
}

function isInside(child: string, parent: string): boolean {
  const rel = path.relative(parent, child);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export async function createTaskWorktree(opts: CreateTaskWorktreeOptions): Promise<TaskWorktree> {
  const info = await repoInfo(opts.repo, opts);
  if (!info.isRepo) throw new WorktreeError('not-a-repo', info.explanation);
  if (!info.head) throw new WorktreeError('no-commits', `${info.topLevel} has no commits yet; make a first commit so task branches have something to start from.`);
  const base = opts.baseBranch ?? info.branch ?? info.defaultBase;
  const baseRes = base ? await runGit(info.topLevel, ['rev-parse', '--verify', '--quiet', `refs/heads/${base}^{commit}`], { ...readOnly(opts), okExitCodes: [1, 128] }) : undefined;
  if (!base || !baseRes || baseRes.exitCode !== 0) {
    throw new WorktreeError('no-base', base ? `There is no local branch "${base}" in ${info.topLevel} to start the task from.` : `${info.topLevel} is on a detached HEAD; choose a base branch for the task.`);
  }
  const baseCommit = baseRes.stdout.trim();

  const root = canonicalPath(opts.location ?? defaultWorktreeRoot(info.mainWorktree));
  // A worktree inside the workspace would show up there as untracked files (and be committed by `git add -A`).
  if (isInside(root, canonicalPath(info.mainWorktree)) || isInside(root, canonicalPath(info.topLevel))) {
    throw new WorktreeError('location-inside-repo', `The worktree folder ${root} is inside the repository ${info.mainWorktree}; choose a folder outside it.`);
  }
  const existing = await runGit(info.topLevel, ['for-each-ref', '--format=%(refname:short)', `refs/heads/${BRANCH_PREFIX}`], readOnly(opts));
  const branches = new Set(existing.stdout.split('\n').filter(Boolean));
  const branch = uniqueName(taskBranchName(opts.taskId, opts.title), (b) => branches.has(b) || existsSync(path.join(root, branchLeaf(b))));
  const wtPath = path.join(root, branchLeaf(branch));

  await fs.mkdir(root, { recursive: true });
  // --no-track: the branch should get its upstream from `push -u`, not track the local base.
  await runGit(info.topLevel, ['worktree', 'add', '--no-track', '-b', branch, wtPath, baseCommit], opts);
  const meta: WorktreeMeta = { taskId: opts.taskId, baseBranch: base, baseCommit, createdAt: new Date().toISOString() };
  const gitDir = (await runGit(wtPath, ['rev-parse', '--absolute-git-dir'], readOnly(opts))).stdout.trim();
  await fs.writeFile(path.join(gitDir, META_FILE), JSON.stringify(meta, null, 2) + '\n');
  return { path: wtPath, branch, baseBranch: base, baseCommit, taskId: opts.taskId };
}

interface PorcelainWorktree {
  path: string;
  head?: string;
  branch?: string;
  locked: boolean;
  prunable: boolean;
}

async function allWorktrees(repo: string, opts?: GitCallOptions): Promise<PorcelainWorktree[]> {
  const r = await runGit(repo, ['worktree', 'list', '--porcelain'], readOnly(opts));
  const out: PorcelainWorktree[] = [];
  for (const block of r.stdout.split('\n\n')) {
    const wt: PorcelainWorktree = { path: '', locked: false, prunable: false };
    for (const line of block.split('\n')) {
      const [key, ...rest] = line.split(' ');
      const value = rest.join(' ');
      if (key === 'worktree') wt.path = value;
      else if (key === 'HEAD') wt.head = value;
      else if (key === 'branch') wt.branch = value.replace(/^refs\/heads\//, '');
      else if (key === 'locked') wt.locked = true;
      else if (key === 'prunable') wt.prunable = true;
    }
    if (wt.path) out.push(wt);
  }
  return out;
}

/** The worktree's private git folder, from the `gitdir:` line of its `.git` file. */
async function readMeta(worktreePath: string): Promise<WorktreeMeta | undefined> {
  try {
    const dotGit = await fs.readFile(path.join(worktreePath, '.git'), 'utf8');
    const m = /^gitdir:\s*(.+)$/m.exec(dotGit);
    if (!m) return undefined;
    const gitDir = path.resolve(worktreePath, m[1].trim());
    return JSON.parse(await fs.readFile(path.join(gitDir, META_FILE), 'utf8')) as WorktreeMeta;
  } catch {
    return undefined;
  }
}

export interface WorktreeEntry {
  path: string;
  branch: string;
  head?: string;
  /** The full task id when Viban created the worktree; otherwise only shortId is known. */
  taskId?: string;
  shortId: string;
  baseBranch?: string;
  /** Commits on the branch not on the base / on the base not on the branch; undefined without a base. */
  ahead?: number;
  behind?: number;
  dirty: boolean;
  /** Its folder was deleted outside git; removeWorktree cleans up the bookkeeping. */
  missing: boolean;
  locked: boolean;
}

export interface ListWorktreesOptions extends GitCallOptions {
  /** Base for ahead/behind when the worktree's own record has none. Default: the repository's default base. */
  base?: string;
}

/** Viban's worktrees of the repository (branches under `viban/`), main worktree excluded. */
export async function listWorktrees(repo: string, opts: ListWorktreesOptions = {}): Promise<WorktreeEntry[]> {
  const all = await allWorktrees(repo, opts);
  let fallbackBase = opts.base;
  const out: WorktreeEntry[] = [];
  for (const wt of all.slice(1)) {
    const parsed = wt.branch ? parseTaskBranch(wt.branch) : undefined;
    if (!wt.branch || !parsed) continue;
    const missing = wt.prunable || !existsSync(wt.path);
    const meta = missing ? undefined : await readMeta(wt.path);
    if (!meta && fallbackBase === undefined) {
      const info = await repoInfo(repo, opts);
      fallbackBase = (info.isRepo && info.defaultBase) || undefined;
    }
    const baseBranch = meta?.baseBranch ?? fallbackBase;
    const counts = baseBranch ? await aheadBehind(repo, baseBranch, wt.branch, opts) : undefined;
    out.push({
      path: wt.path,
      branch: wt.branch,
      head: wt.head,
      taskId: meta?.taskId,
      shortId: parsed.shortId,
      baseBranch,
      ahead: counts?.ahead,
      behind: counts?.behind,
      dirty: missing ? false : (await uncommittedFiles(wt.path, opts)).length > 0,
      missing,
      locked: wt.locked,
    });
  }
  return out;
}

async function aheadBehind(repo: string, base: string, branch: string, opts?: GitCallOptions): Promise<{ ahead: number; behind: number } | undefined> {
  const r = await runGit(repo, ['rev-list', '--left-right', '--count', `refs/heads/${base}...refs/heads/${branch}`], { ...readOnly(opts), okExitCodes: [128] });
  if (r.exitCode !== 0) return undefined;
  const [behind, ahead] = r.stdout.trim().split(/\s+/).map(Number);
  return { ahead, behind };
}

/** Finds a Viban worktree by its folder, or by the task it was made for. */
export async function findTaskWorktree(repo: string, by: { path?: string; taskId?: string }, opts?: GitCallOptions): Promise<WorktreeEntry | undefined> {
  const list = await listWorktrees(repo, opts);
  if (by.path) {
    const want = canonicalPath(by.path);
    return list.find((w) => canonicalPath(w.path) === want);
  }
  if (by.taskId) return list.find((w) => w.taskId === by.taskId) ?? list.find((w) => !w.taskId && w.shortId === shortTaskId(by.taskId!));
  return undefined;
}

export type RemoveWorktreeResult =
  | { removed: true; path: string; branch: string; branchDeleted: boolean }
  | {
      removed: false;
      reason: 'not-found' | 'uncommitted-changes' | 'unmerged-commits';
      /** A sentence the UI can show, e.g. "branch viban/… has 2 commits not merged into main". */
      message: string;
      /** For 'uncommitted-changes'. */
      files?: string[];
      /** For 'unmerged-commits'. */
      commits?: number;
    };

export interface RemoveWorktreeOptions extends GitCallOptions {
  repo: string;
  path: string;
  deleteBranch: boolean;
  /** Discard uncommitted work and unmerged commits. The UI asks the user first. */
  force?: boolean;
  /** Base to check "merged" against when the worktree's own record has none. */
  base?: string;
}

/**
 * Removes a task worktree and, if asked, its branch. Without `force` it refuses (and changes
 * nothing) when the worktree has uncommitted changes or the branch has commits whose changes
 * are not in the base branch — squash-merged branches count as merged.
 */
export async function removeWorktree(opts: RemoveWorktreeOptions): Promise<RemoveWorktreeResult> {
  const wt = await findTaskWorktree(opts.repo, { path: opts.path }, opts);
  if (!wt) return { removed: false, reason: 'not-found', message: `${opts.path} is not one of Viban's task worktrees in this repository.` };
  if (!opts.force && !wt.missing) {
    const files = await uncommittedFiles(wt.path, opts);
    if (files.length) {
      return { removed: false, reason: 'uncommitted-changes', files, message: `The worktree ${wt.path} has uncommitted changes in ${files.length} file${files.length === 1 ? '' : 's'}.` };
    }
  }
  const base = wt.baseBranch ?? opts.base;
  if (opts.deleteBranch && !opts.force) {
    const commits = base ? await commitsNotInBase(opts.repo, wt.branch, base, opts) : undefined;
    if (commits === undefined) {
      return { removed: false, reason: 'unmerged-commits', message: `Cannot tell whether branch ${wt.branch} is merged (no base branch known); keep it or remove it with force.` };
    }
    if (commits > 0) {
      return { removed: false, reason: 'unmerged-commits', commits, message: `branch ${wt.branch} has ${commits} commit${commits === 1 ? '' : 's'} not merged into ${base}` };
    }
  }
  const main = await mainWorktreeOf(opts.repo, opts);
  if (wt.missing) await runGit(main, ['worktree', 'prune'], opts);
  // A locked worktree needs --force twice; we only unlock it when the caller forces.
  else await runGit(main, ['worktree', 'remove', ...(opts.force ? ['--force', ...(wt.locked ? ['--force'] : [])] : []), wt.path], opts);
  // -D, not -d: -d compares with HEAD/upstream and calls a squash-merged branch unmerged; we checked above.
  if (opts.deleteBranch) await runGit(main, ['branch', '-D', wt.branch], opts);
  return { removed: true, path: wt.path, branch: wt.branch, branchDeleted: opts.deleteBranch };
}
