// Accepting an agent's work starts with one commit of everything in its worktree.
import { runGit, type GitCallOptions } from './gitRunner';

export type CommitResult =
  | { committed: true; commit: string }
  | { committed: false; reason: 'nothing-to-commit' | 'empty-message'; message: string };

export interface CommitAllOptions extends GitCallOptions {
  worktree: string;
  /** The full commit message (the UI proposes commitMessageFor(...) and lets the user edit it). */
  message: string;
  /** Top-level paths never staged (the board's own `.viban/` store, when committing in place). */
  exclude?: readonly string[];
}

/** "Title" + blank line + the agent's summary, the way git log shows commits best. */
export function commitMessageFor(title: string, summary?: string): string {
  const subject = title.replace(/\s+/g, ' ').trim();
  const body = summary?.trim();
  return body ? `${subject}\n\n${body}\n` : `${subject}\n`;
}

/**
 * Stages every change in the worktree (new, modified, deleted; .gitignore respected) and commits
 * it. Hooks run as they would for the user: a failing pre-commit hook is a GitError with its output.
 */
export async function commitAll(opts: CommitAllOptions): Promise<CommitResult> {
  if (!opts.message.trim()) return { committed: false, reason: 'empty-message', message: 'The commit message is empty.' };
  // `:/` is the whole worktree even when -C names a subfolder; excludes are top-level magic pathspecs.
  const exclude = (opts.exclude ?? []).map((p) => `:(top,exclude)${p}`);
  await runGit(opts.worktree, ['add', '-A', '--', ':/', ...exclude], opts);
  const staged = await runGit(opts.worktree, ['diff', '--cached', '--quiet', '--no-ext-diff'], { ...opts, okExitCodes: [1] });
  if (staged.exitCode === 0) return { committed: false, reason: 'nothing-to-commit', message: 'There is nothing to commit: the worktree has no changes.' };
  // -F -: the message travels on stdin, so its length and leading dashes don't matter.
  await runGit(opts.worktree, ['commit', '--quiet', '-F', '-'], { ...opts, input: opts.message });
  const head = await runGit(opts.worktree, ['rev-parse', 'HEAD'], opts);
  return { committed: true, commit: head.stdout.trim() };
}
