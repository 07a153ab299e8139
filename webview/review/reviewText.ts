// The review's words: file status letters and names, the summary line, action labels.
import type { AcceptAction, ChangedFile, ReviewState } from '../../src/protocol/review';

type Status = ChangedFile['status'];

export const statusLetter: Record<Status, string> = { added: 'A', modified: 'M', deleted: 'D', renamed: 'R' };
/** Codicons matching VS Code's SCM view. */
export const statusIcon: Record<Status, string> = { added: 'diff-added', modified: 'diff-modified', deleted: 'diff-removed', renamed: 'diff-renamed' };

/** The typographic minus VS Code's SCM view uses in counts. */
export const MINUS = '\u2212';

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** The file's accessible name: "src/app.ts, modified, 12 added, 3 removed". */
export function fileLabel(f: ChangedFile): string {
  const status = f.status === 'renamed' && f.oldPath ? `renamed from ${f.oldPath}` : f.status;
  const counts = f.binary ? 'binary' : `${f.insertions} added, ${f.deletions} removed`;
  return `${f.path}, ${status}, ${counts}`;
}

/** "+12 −3" */
export const formatCounts = (insertions: number, deletions: number) => `+${insertions} ${MINUS}${deletions}`;

/** The Changes section's summary: "3 files, +42 −7". */
export function summaryText(s: ReviewState['summary']): string {
  return `${plural(s.files, 'file', 'files')}, ${formatCounts(s.insertions, s.deletions)}`;
}

export function acceptLabel(action: AcceptAction, base: string): string {
  switch (action) {
    case 'squash':
      return `Squash and merge into ${base}`;
    case 'merge':
      return `Merge into ${base}`;
    case 'pr':
      return 'Push and open pull request';
    case 'commit':
      return 'Commit';
  }
}

/** What the page says after an accepted action (the host also notifies with its own words). */
export function acceptedText(action: AcceptAction, worktree: ReviewState['worktree']): string {
  const branch = worktree?.branch ?? 'the branch';
  const base = worktree?.base ?? 'the base branch';
  switch (action) {
    case 'squash':
      return `Squash-merged ${branch} into ${base}.`;
    case 'merge':
      return `Merged ${branch} into ${base}.`;
    case 'pr':
      return `Pushed ${branch} and opened a pull request.`;
    case 'commit':
      return 'Committed the changes.';
  }
}

/** Why `gh` cannot open a pull request, in words a person can act on. */
export function ghProblem(gh: ReviewState['gh']): string | undefined {
  if (gh.installed && gh.loggedIn) return undefined;
  if (gh.reason) return gh.reason;
  return gh.installed ? 'The GitHub CLI (gh) is not logged in: run `gh auth login`.' : 'The GitHub CLI (gh) is not installed.';
}

/** Only web links become anchors: a pull request URL is data from git, not trusted markup. */
export const isWebUrl = (url: string) => /^https?:\/\//i.test(url);
