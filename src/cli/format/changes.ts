// How the review loop reads on a terminal: one line per changed file (git's status letter, the
// path, +/- counts), the "3 files changed, +42 −7" summary, and the short suffix `viban list`
// puts after a task that has a worktree or a pull request.
import type { Task } from '../../protocol/model';
import type { ChangedFile } from '../../protocol/review';
import { truncate } from './table';

type Summary = NonNullable<Task['changes']>;

const LETTER: Record<ChangedFile['status'], string> = { added: 'A', modified: 'M', deleted: 'D', renamed: 'R' };

export function statusLetter(status: ChangedFile['status']): string {
  return LETTER[status];
}

/** "+42 −7" (a real minus sign, as git's --stat graph reads), or "binary". */
export function lineCounts(c: { insertions: number; deletions: number; binary?: boolean }): string {
  return c.binary ? 'binary' : `+${c.insertions} −${c.deletions}`;
}

/** "3 files changed, +42 −7". */
export function changeSummary(s: Summary): string {
  return `${s.files} file${s.files === 1 ? '' : 's'} changed, ${lineCounts(s)}`;
}

/** Rows for table(): status letter, path (old → new for a rename), counts. */
export function fileRows(files: ChangedFile[]): string[][] {
  return files.map((f) => [statusLetter(f.status), f.oldPath ? `${f.oldPath} → ${f.path}` : f.path, lineCounts(f)]);
}

/**
 * "[viban/k3j9-fix-login · 3 files +42 −7 · PR https://…]": what a task has under review.
 * Undefined for a task with nothing to show.
 */
export function reviewSuffix(task: Pick<Task, 'worktree' | 'prUrl' | 'needsReview'>, changes: Summary | undefined): string | undefined {
  const parts: string[] = [];
  if (task.worktree) parts.push(task.worktree.branch);
  if (task.worktree && changes) parts.push(changes.files ? `${changes.files} file${changes.files === 1 ? '' : 's'} ${lineCounts(changes)}` : 'no changes');
  if (task.prUrl) parts.push(`PR ${task.prUrl}`);
  if (task.needsReview) parts.push(`needs review: ${truncate(task.needsReview, 60)}`);
  return parts.length ? `[${parts.join(' · ')}]` : undefined;
}
