// The board model shared by the store, the host and the webview. Zod schemas are the single
// source of truth; TypeScript types are inferred from them.
import { z } from 'zod';

/** Agent status shown on a card. Later issues drive it from executor sessions. */
export const AgentStatusSchema = z.enum([
  'idle',
  'queued',
  'thinking',
  'executing',
  'waiting_for_user',
  'error',
  'done',
]);
export type AgentStatus = z.infer<typeof AgentStatusSchema>;

export const ColumnSchema = z.object({
  id: z.string().min(1),
  title: z.string().min(1).max(200),
});
export type Column = z.infer<typeof ColumnSchema>;

export const AcceptedSchema = z.object({
  action: z.enum(['squash', 'merge', 'pr', 'commit']),
  commit: z.string().optional(),
  branch: z.string().optional(),
  base: z.string().optional(),
  at: z.string(),
});
export type Accepted = z.infer<typeof AcceptedSchema>;
/** Model tiers: which executor and model a run picks when the user did not choose (see viban.tiers). */
export const TierSchema = z.enum(['A', 'B', 'C']);
export type Tier = z.infer<typeof TierSchema>;
export const DEFAULT_TIER: Tier = 'B';

/**
 * Where the workspace's checks stand after the task's last successful run. `verifying` is shown
 * while checks or fix-up attempts run; outside the board it reads as `unverified`.
 */
export const VerificationStateSchema = z.enum(['unverified', 'verifying', 'verified', 'checks_failed']);
export type VerificationState = z.infer<typeof VerificationStateSchema>;

export const VerificationSchema = z.object({
  state: VerificationStateSchema,
  /** Agent attempts made so far (the first run counts as one). */
  attempts: z.number().int().nonnegative(),
  /** The last failing command and the tail of its output, for the card. */
  failedCommand: z.string().optional(),
  outputTail: z.string().max(8000).optional(),
  /** The session the checks ran for. */
  sessionId: z.string().optional(),
  at: z.string(),
});
export type Verification = z.infer<typeof VerificationSchema>;

/** How `Task.held` starts when a conflict in the task's hand-off holds it (src/app/mergeConflict.ts). */
export const NEEDS_MERGE = 'needs merge: ';

export const TaskSchema = z.object({
  id: z.string().min(1),
  columnId: z.string().min(1),
  /** Sort key within the column: ascending. Gaps are allowed; see board/orderKeys.ts. */
  order: z.number().finite(),
  title: z.string().min(1).max(500),
  description: z.string().default(''),
  createdAt: z.string(),
  updatedAt: z.string(),
  agentStatus: AgentStatusSchema.default('idle'),
  agentStatusMessage: z.string().optional(),
  lastSessionId: z.string().optional(),
  executorId: z.string().optional(),
  costUsd: z.number().nonnegative().optional(),
  /** The git worktree the task's agent works in, when it runs isolated. */
  worktree: z.object({ path: z.string(), branch: z.string(), base: z.string() }).optional(),
  /** What the agent changed, for the card's summary line (files, +/-). */
  changes: z.object({ files: z.number().int().nonnegative(), insertions: z.number().int().nonnegative(), deletions: z.number().int().nonnegative() }).optional(),
  /** The pull request opened for the task. */
  prUrl: z.string().optional(),
  /** Why the task needs a person's look (a patch that did not apply, a merge conflict). */
  needsReview: z.string().optional(),
  /** The work was accepted: how, and the commit it landed as (a user's decision, so it is kept). */
  accepted: AcceptedSchema.optional(),
  /**
   * Tasks that must be done before this one may run (the task graph). Absent means none. Links to
   * tasks that no longer exist are ignored by the graph (a hand edit); the rules never write one.
   */
  blockedBy: z
    .array(z.string().min(1))
    .refine((ids) => new Set(ids).size === ids.length, 'blockedBy lists a task twice')
    .optional(),
  /** Model tier; absent means DEFAULT_TIER. */
  tier: TierSchema.optional(),
  verification: VerificationSchema.optional(),
  /** Why the graph holds this task back ("held: Add API route failed", "needs merge: src/a.ts"). */
  held: z.string().optional(),
  /** The user released this task from its failed prerequisites: it may run without them. */
  released: z.boolean().optional(),
  /** Who made the card when it was not a person at the board: an agent's session, through `viban mcp`. */
  createdBy: z.object({ sessionId: z.string().min(1) }).optional(),
  /** The Assist conversation whose plan made this card, and the task's key in that plan. */
  fromAssist: z.object({ conversationId: z.string().min(1), key: z.string().min(1) }).optional(),
  /** Open points a person should settle (a stage gate that failed, the agent's open questions). */
  checklist: z.array(z.object({ text: z.string().min(1), done: z.boolean().default(false), source: z.string().optional() })).optional(),
});
export type Task = z.infer<typeof TaskSchema>;

export const CURRENT_SCHEMA_VERSION = 1;

export const BoardSchema = z
  .object({
    schemaVersion: z.literal(CURRENT_SCHEMA_VERSION),
    columns: z.array(ColumnSchema).min(1),
    tasks: z.array(TaskSchema),
  })
  .superRefine((board, ctx) => {
    const columnIds = new Set<string>();
    board.columns.forEach((c, i) => {
      if (columnIds.has(c.id)) ctx.addIssue({ code: 'custom', path: ['columns', i, 'id'], message: `duplicate column id "${c.id}"` });
      columnIds.add(c.id);
    });
    const taskIds = new Set<string>();
    board.tasks.forEach((t, i) => {
      if (taskIds.has(t.id)) ctx.addIssue({ code: 'custom', path: ['tasks', i, 'id'], message: `duplicate task id "${t.id}"` });
      taskIds.add(t.id);
      if (t.blockedBy?.includes(t.id)) ctx.addIssue({ code: 'custom', path: ['tasks', i, 'blockedBy'], message: `task "${t.id}" is blocked by itself` });
      if (!columnIds.has(t.columnId)) ctx.addIssue({ code: 'custom', path: ['tasks', i, 'columnId'], message: `task "${t.id}" is in unknown column "${t.columnId}"` });
    });
  });
export type Board = z.infer<typeof BoardSchema>;

export const DEFAULT_COLUMNS: readonly Column[] = [
  { id: 'backlog', title: 'Backlog' },
  { id: 'todo', title: 'Todo' },
  { id: 'in-progress', title: 'In Progress' },
  { id: 'in-review', title: 'In Review' },
  { id: 'done', title: 'Done' },
];
