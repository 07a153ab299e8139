// What the agent changed, live while it works: the base branch's merge-base compared with the
// worktree's WORKING TREE — commits, staged and unstaged edits, and untracked files alike.
//
// `git diff <commit>` alone misses untracked files and cannot pair an untracked new file with a
// deleted tracked one as a rename. So we stage everything into a throwaway copy of the index
// (GIT_INDEX_FILE) and diff that against the merge-base: one consistent view, with rename
// detection and line counts, and the real index (which the agent may be using) is never touched.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readOnly, runGit, splitNul, type GitCallOptions } from './gitRunner';

export type ChangeStatus = 'added' | 'modified' | 'deleted' | 'renamed';

export interface ChangedFile {
  /** Path relative to the worktree's top level, with forward slashes. */
  path: string;
  status: ChangeStatus;
  /** For renames: where the file was at the base. */
  oldPath?: string;
  /** 0 for binary files. */
  insertions: number;
  deletions: number;
  binary: boolean;
}

export interface ChangeSummary {
  files: number;
  insertions: number;
  deletions: number;
}

export interface ChangedFilesResult {
  files: ChangedFile[];
  summary: ChangeSummary;
  /** The commit compared against (merge-base of the base branch and the worktree's HEAD). */
  mergeBase: string;
}

export interface ChangedFilesOptions extends GitCallOptions {
  worktree: string;
  /** Base branch name (or any commit). */
  base: string;
}

/** The commit the task's changes are measured from: merge-base(base, HEAD of `dir`). */
export async function mergeBaseOf(dir: string, base: string, opts?: GitCallOptions): Promise<string> {
  const ro = readOnly(opts);
  // refs/heads/ first, so a branch wins over a same-named tag or file.
  const local = await runGit(dir, ['rev-parse', '--verify', '--quiet', `refs/heads/${base}^{commit}`], { ...ro, okExitCodes: [1, 128] });
  const baseCommit = local.exitCode === 0 ? local.stdout.trim() : (await runGit(dir, ['rev-parse', '--verify', `${base}^{commit}`], ro)).stdout.trim();
  const mb = await runGit(dir, ['merge-base', baseCommit, 'HEAD'], { ...ro, okExitCodes: [1] });
  // Unrelated histories have no merge-base: compare with the base itself.
  return mb.exitCode === 0 ? mb.stdout.trim() : baseCommit;
}

const STATUS: Record<string, ChangeStatus> = { A: 'added', M: 'modified', T: 'modified', U: 'modified', D: 'deleted', R: 'renamed', C: 'added' };

export async function changedFiles(opts: ChangedFilesOptions): Promise<ChangedFilesResult> {
  const top = (await runGit(opts.worktree, ['rev-parse', '--show-toplevel'], readOnly(opts))).stdout.trim();
  const mergeBase = await mergeBaseOf(top, opts.base, opts);
  const realIndex = path.resolve(top, (await runGit(top, ['rev-parse', '--git-path', 'index'], readOnly(opts))).stdout.trim());
  const tmp = await fs.mkdtemp(path.join(os.tmpdir(), 'viban-index-'));
  const tmpIndex = path.join(tmp, 'index');
  try {
    // Starting from a copy keeps git's stat cache (fast) and keeps tracked-but-ignored files tracked.
    await fs.copyFile(realIndex, tmpIndex).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== 'ENOENT') throw e;
    });
    const withIndex = { ...opts, extraEnv: { GIT_INDEX_FILE: tmpIndex, GIT_OPTIONAL_LOCKS: '0' } };
    await runGit(top, ['add', '-A'], withIndex);
    const diffArgs = ['diff', '--cached', '-M', '--no-ext-diff', '--no-textconv', '-z'];
    const [numstat, nameStatus] = await Promise.all([
      runGit(top, [...diffArgs, '--numstat', mergeBase], withIndex),
      runGit(top, [...diffArgs, '--name-status', mergeBase], withIndex),
    ]);
    const counts = parseNumstat(numstat.stdout);
    const files = parseNameStatus(nameStatus.stdout).map((f): ChangedFile => {
      const c = counts.get(f.path) ?? { insertions: 0, deletions: 0, binary: false };
      return { ...f, ...c };
    });
    const summary = files.reduce<ChangeSummary>(
      (s, f) => ({ files: s.files + 1, insertions: s.insertions + f.insertions, deletions: s.deletions + f.deletions }),
      { files: 0, insertions: 0, deletions: 0 },
    );
    return { files, summary, mergeBase };
  } finally {
    await fs.rm(tmp, { recursive: true, force: true });
  }
}

/** `--numstat -z`: "ins\tdel\tpath\0", or for a rename "ins\tdel\t\0old\0new\0"; "-" counts mean binary. */
function parseNumstat(out: string): Map<string, { insertions: number; deletions: number; binary: boolean }> {
  const fields = splitNul(out);
  const map = new Map<string, { insertions: number; deletions: number; binary: boolean }>();
  for (let i = 0; i < fields.length; i++) {
    const [ins, del, inlinePath] = fields[i].split('\t');
    let file = inlinePath;
    if (inlinePath === '') {
      file = fields[i + 2];
      i += 2;
    }
    const binary = ins === '-' && del === '-';
    map.set(file, { insertions: binary ? 0 : Number(ins), deletions: binary ? 0 : Number(del), binary });
  }
  return map;
}

/** `--name-status -z`: "M\0path\0", or "R087\0old\0new\0". */
function parseNameStatus(out: string): Array<Pick<ChangedFile, 'path' | 'status' | 'oldPath'>> {
  const fields = splitNul(out);
  const files: Array<Pick<ChangedFile, 'path' | 'status' | 'oldPath'>> = [];
  for (let i = 0; i < fields.length; i++) {
    const code = fields[i][0];
    const status = STATUS[code] ?? 'modified';
    if (code === 'R' || code === 'C') {
      files.push({ path: fields[i + 2], status, ...(code === 'R' && { oldPath: fields[i + 1] }) });
      i += 2;
    } else {
      files.push({ path: fields[i + 1], status });
      i += 1;
    }
  }
  return files;
}

/**
 * A file's content at the base (the merge-base the changes are measured from), for the left side
 * of a diff editor; undefined when the file did not exist there (the agent added it).
 * `file` is relative to the worktree's top level, or absolute inside it.
 */
export async function fileAtBase(repo: string, base: string, file: string, opts?: GitCallOptions & { maxBytes?: number }): Promise<Buffer | undefined> {
  const ro = readOnly(opts);
  const top = (await runGit(repo, ['rev-parse', '--show-toplevel'], ro)).stdout.trim();
  const rel = (path.isAbsolute(file) ? path.relative(top, file) : file).split(path.sep).join('/');
  const mergeBase = await mergeBaseOf(top, base, opts);
  const entry = await runGit(top, ['ls-tree', '-z', mergeBase, '--', rel], { ...ro, extraEnv: { ...ro.extraEnv, GIT_LITERAL_PATHSPECS: '1' } });
  const blob = /^\d+ blob ([0-9a-f]+)\t/.exec(entry.stdout);
  if (!blob) return undefined;
  return (await runGit(top, ['cat-file', 'blob', blob[1]], { ...ro, maxOutputBytes: opts?.maxBytes ?? 64 * 1024 * 1024 })).stdoutBytes;
}
