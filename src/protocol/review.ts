// The review loop's shared shapes: what a task's run changed, and how the user accepts it.
import { z } from 'zod';
import { AcceptedSchema } from './model';

export const ChangedFileSchema = z.object({
  path: z.string(),
  status: z.enum(['added', 'modified', 'deleted', 'renamed']),
  oldPath: z.string().optional(),
  insertions: z.number().int().nonnegative(),
  deletions: z.number().int().nonnegative(),
  binary: z.boolean(),
});
export type ChangedFile = z.infer<typeof ChangedFileSchema>;

export const GitContextSchema = z.object({
  isRepo: z.boolean(),
  /** Why isolation is not offered (not a git repository, no commits, …). */
  explanation: z.string().optional(),
  branches: z.array(z.string()).default([]),
  current: z.string().optional(),
});
export type GitContext = z.infer<typeof GitContextSchema>;

export const ReviewStateSchema = z.object({
  taskId: z.string(),
  /** Where the task's agent works: its own worktree, or the workspace itself. */
  mode: z.enum(['worktree', 'workspace']),
  git: GitContextSchema,
  worktree: z.object({ path: z.string(), branch: z.string(), base: z.string() }).optional(),
  files: z.array(ChangedFileSchema),
  summary: z.object({ files: z.number(), insertions: z.number(), deletions: z.number() }),
  /** Commit message proposed from the task title and the agent's final summary (editable). */
  proposedMessage: z.string(),
  prUrl: z.string().optional(),
  needsReview: z.string().optional(),
  /** Whether `gh` can open a pull request, and why not. */
  gh: z.object({ installed: z.boolean(), loggedIn: z.boolean(), reason: z.string().optional() }),
  /** The task's latest session when this was computed: a view drops a review older than its task. */
  sessionId: z.string().optional(),
  /** The work was accepted (merged, committed): nothing is left to review. */
  accepted: AcceptedSchema.optional(),
  /** A problem computing the review (git failed); the rest of the state may be empty. */
  error: z.string().optional(),
});
export type ReviewState = z.infer<typeof ReviewStateSchema>;

export const AcceptActionSchema = z.enum(['squash', 'merge', 'pr', 'commit']);
export type AcceptAction = z.infer<typeof AcceptActionSchema>;
