// A dependant held with "needs merge: <file>" has its prerequisites' merge left half-done in its own
// worktree (src/app/handoff.ts). This finds the files still in conflict there, for the merge editor,
// and concludes a merge whose conflicts the person has resolved (the merge editor's "Complete
// Merge" stages the file but does not commit), so Release can carry on with the graph.
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { runGit } from '../git';
import { NEEDS_MERGE, type Task } from '../protocol/model';

export { NEEDS_MERGE };

const CONFLICT_MARKER = /^(<{7}|>{7})( |$)/m;

/** Whether the graph holds the task for a merge conflict in its hand-off (not for a failed prerequisite). */
export function heldForMerge(task: Pick<Task, 'held'>): boolean {
  return !!task.held?.startsWith(NEEDS_MERGE);
}

/** Paths (relative to `dir`) that git still reports as unmerged. */
export async function unmergedFiles(dir: string, env?: NodeJS.ProcessEnv): Promise<string[]> {
  const r = await runGit(dir, ['diff', '--name-only', '--diff-filter=U'], { env });
  return r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
}

/**
 * The conflicted files of a task held for a merge conflict, as absolute paths in its worktree.
 * Refused, with what to do instead, for a task that is not held for a merge, has no worktree, or
 * whose conflicts are all resolved already.
 */
export async function conflictedFilesOf(task: Task, env?: NodeJS.ProcessEnv): Promise<{ worktree: string; files: string[] }> {
  if (!heldForMerge(task)) {
    throw new Error(`"${task.title}" is not held for a merge conflict${task.held ? ` (${task.held})` : ''}: there is nothing to resolve in the merge editor.`);
  }
  if (!task.worktree) throw new Error(`"${task.title}" has no worktree, so there is no merge to resolve. Release it to run it again.`);
  const dir = task.worktree.path;
  const files = await unmergedFiles(dir, env).catch((e: unknown) => {
    throw new Error(`Could not read the merge state of "${task.title}" in ${dir}: ${e instanceof Error ? e.message : String(e)}`);
  });
  if (files.length === 0) throw new Error(`"${task.title}" has no conflicted files left in ${dir}. Release it to continue the graph.`);
  return { worktree: dir, files: files.map((f) => path.join(dir, f)) };
}

/** Commits a merge whose conflicts are all resolved (MERGE_HEAD still there); true when it did. */
export async function concludeResolvedMerge(dir: string, env?: NodeJS.ProcessEnv): Promise<boolean> {
  const head = await runGit(dir, ['rev-parse', '-q', '--verify', 'MERGE_HEAD'], { env, okExitCodes: [1] });
  if (head.exitCode !== 0) return false;
  // A conflicted file saved without its conflict markers is resolved, even if nobody staged it (the
  // merge editor's "Complete Merge" cannot stage in a repository the git extension has not opened).
  for (const file of await unmergedFiles(dir, env)) {
    const text = await readFile(path.join(dir, file), 'utf8').catch(() => undefined);
    if (text !== undefined && !CONFLICT_MARKER.test(text)) await runGit(dir, ['add', '--', file], { env, extraEnv: { GIT_LITERAL_PATHSPECS: '1' } });
  }
  if ((await unmergedFiles(dir, env)).length) return false;
  // Only what the person staged (the merge editor stages a file on "Complete Merge"); hooks run as for them.
  await runGit(dir, ['commit', '--no-edit', '--quiet'], { env });
  return true;
}
