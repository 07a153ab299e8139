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
