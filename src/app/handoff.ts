// Hand-off between tasks of a graph: a dependant's worktree branches from the base with each
// prerequisite's branch merged in (their work committed on their branch first), and its prompt
// gains a short summary of each prerequisite — its final answer and the files it changed. A merge
// conflict is left in the dependant's worktree for the merge editor and holds the task with
// "needs merge: <file>". Without git (or before a first commit) tasks work in the folder itself
// and only the summaries are handed on.
import { blockedByOf } from '../graph';
import { changedFiles, commitAll, commitMessageFor, repoInfo, runGit } from '../git';
import type { LogEntry } from '../protocol/logEntries';
import type { Board, Task } from '../protocol/model';
import { finalAnswer } from '../review/answerPatch';
import type { FolderRuntime } from './folderRuntime';
import { NEEDS_MERGE, concludeResolvedMerge, unmergedFiles } from './mergeConflict';

export type Placement = { cwd: string; worktree?: NonNullable<Task['worktree']>; prompt?: string } | { hold: string };

const SUMMARY_CHARS = 1500;
const FILES_LISTED = 30;

export interface PrerequisiteSummary {
  title: string;
  answer?: string;
  files: string[];
}

/** Where a graph task works and what it is told; decides once per run-all whether worktrees are possible. */
export async function handoffPlacer(runtime: FolderRuntime, env?: NodeJS.ProcessEnv): Promise<(task: Task) => Promise<Placement>> {
  const info = await repoInfo(runtime.root).catch(() => undefined);
  const worktrees = !!info?.isRepo && !!(info as { head?: string }).head;
  return (task) => placeTask(runtime, task, runtime.board.current.board, worktrees, env);
}

async function placeTask(runtime: FolderRuntime, task: Task, board: Board, worktrees: boolean, env?: NodeJS.ProcessEnv): Promise<Placement> {
  const prereqs = blockedByOf(task).map((id) => board.tasks.find((t) => t.id === id)).filter((t): t is Task => !!t);
  let cwd = runtime.root;
  let worktree = task.worktree;
  if (worktrees) {
    const place = await runtime.review.prepareRun(task.id, 'worktree');
    cwd = place.cwd;
    worktree = place.worktree;
    if (worktree) {
      const conflict = await mergePrerequisites(worktree.path, prereqs, env);
      if (conflict) return { hold: conflict };
    }
  } else if (task.worktree) {
    cwd = task.worktree.path;
  }
  if (prereqs.length === 0) return { cwd, worktree };
  const summaries = await Promise.all(prereqs.map((p) => summarize(runtime, p, env)));
  return { cwd, worktree, prompt: promptWithHandoff(task, summaries, !!worktree) };
}

/** Commits each prerequisite's work on its branch and merges the branch in; the first conflict's files, or undefined. */
async function mergePrerequisites(dir: string, prereqs: Task[], env?: NodeJS.ProcessEnv): Promise<string | undefined> {
  // Resolved in the merge editor but not committed yet (its "Complete Merge" only stages): finish it.
  await concludeResolvedMerge(dir, env);
  const pending = await unmergedFiles(dir, env);
  if (pending.length) return needsMerge(pending);
  for (const p of prereqs) {
    if (!p.worktree) continue; // ran in place, or already accepted into the base
    await commitAll({ worktree: p.worktree.path, message: commitMessageFor(p.title, 'Work handed on to the tasks that wait for it (Viban task graph).'), env });
    const merged = await runGit(dir, ['merge', '--no-edit', '--no-ff', '-m', `Merge "${p.title}" (${p.worktree.branch}) for the tasks that wait for it`, p.worktree.branch], { env, okExitCodes: [1] });
    if (merged.exitCode !== 0) {
      const files = await unmergedFiles(dir, env);
      // Left in place on purpose: the merge editor resolves it in this worktree.
      if (files.length) return needsMerge(files);
      throw new Error(`Merging ${p.worktree.branch} failed: ${merged.stderr.trim() || merged.stdout.trim()}`);
    }
  }
  return undefined;
}

function needsMerge(files: string[]): string {
  return `${NEEDS_MERGE}${files[0]}${files.length > 1 ? ` (and ${files.length - 1} more)` : ''}`;
}

export async function summarize(runtime: FolderRuntime, task: Task, env?: NodeJS.ProcessEnv): Promise<PrerequisiteSummary> {
  let answer: string | undefined;
  if (task.lastSessionId) {
    const entries: LogEntry[] = [];
    for await (const e of runtime.store.readLog(task.lastSessionId)) entries.push(e);
    answer = finalAnswer(entries)?.trim();
  }
  let files: string[] = [];
  if (task.worktree) {
    files = await changedFiles({ worktree: task.worktree.path, base: task.worktree.base, env })
      .then((r) => r.files.map((f) => f.path))
      .catch(() => []);
  }
  return { title: task.title, ...(answer && { answer }), files };
}

export function promptWithHandoff(task: Task, summaries: PrerequisiteSummary[], merged: boolean): string {
  const parts = [task.title, task.description].filter(Boolean);
  parts.push(
    merged
      ? 'This task builds on tasks that are already done; their work is merged into your working copy:'
      : 'This task builds on tasks that are already done:',
  );
  for (const s of summaries) {
    const answer = s.answer ? (s.answer.length > SUMMARY_CHARS ? `${s.answer.slice(0, SUMMARY_CHARS)}…` : s.answer) : '(no final answer recorded)';
    const files = s.files.length ? `Changed files: ${s.files.slice(0, FILES_LISTED).join(', ')}${s.files.length > FILES_LISTED ? `, and ${s.files.length - FILES_LISTED} more` : ''}` : '';
    parts.push([`### ${s.title}`, answer, files].filter(Boolean).join('\n'));
  }
  return parts.join('\n\n');
}
