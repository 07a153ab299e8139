// Host <-> webview messages. Every message is validated with these schemas on receipt, on both
// sides; one that fails is dropped and logged, never acted on.
import { z } from 'zod';
import { AgentStatusSchema, BoardSchema, TierSchema } from './model';
import { LogEntrySchema } from './logEntries';
import { PendingApprovalSchema, PermissionModeSchema, SessionMetaSchema } from './sessions';
import { AcceptActionSchema, GitContextSchema, ReviewStateSchema } from './review';
import { ConversationMessageSchema, ConversationPageSchema } from './conversation';
import { QueueSnapshotSchema } from './queue';
import { AutomationFromWebviewSchemas, AutomationToWebviewSchemas } from './automation';
import { RemoteInfoSchema } from './remote';
import { AssistFromWebviewSchemas, AssistToWebviewSchemas } from './assistMessages';

export const FolderInfoSchema = z.object({
  /** Stable key for the folder: its URI string. */
  key: z.string(),
  name: z.string(),
});
export type FolderInfo = z.infer<typeof FolderInfoSchema>;

/** A problem with the store the user must see (corrupt file moved aside, newer schema, ...). */
export const StoreProblemSchema = z.object({
  kind: z.enum(['corrupt', 'newer-schema', 'io']),
  message: z.string(),
  file: z.string().optional(),
  movedTo: z.string().optional(),
});
export type StoreProblem = z.infer<typeof StoreProblemSchema>;

export const BoardStateSchema = z.object({
  folder: FolderInfoSchema,
  board: BoardSchema,
  /** True when the store must not be written (for example a newer schema). */
  readOnly: z.boolean(),
  problems: z.array(StoreProblemSchema),
});
export type BoardState = z.infer<typeof BoardStateSchema>;

export const SnapshotSchema = z.object({
  folders: z.array(FolderInfoSchema),
  /** null when no folder is open. */
  state: BoardStateSchema.nullable(),
  /** Workspace trust: when false nothing may execute. */
  trusted: z.boolean(),
  /** Where this webview lives: the narrow sidebar or a wide editor tab. */
  host: z.enum(['sidebar', 'editor']),
});
export type Snapshot = z.infer<typeof SnapshotSchema>;

export const ExecutorInfoSchema = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.enum(['cli', 'api']),
  capabilities: z.object({ streaming: z.boolean(), resume: z.boolean(), interactiveInput: z.boolean(), approvals: z.boolean(), cost: z.boolean() }),
  installed: z.boolean(),
  version: z.string().optional(),
  loggedIn: z.boolean().optional(),
  /** Why it cannot be used, and what to do. */
  reason: z.string().optional(),
  /** Models a user can pick (free text is allowed too). */
  models: z.array(z.string()).default([]),
  defaultModel: z.string().optional(),
  /** Can open in an interactive terminal. */
  interactive: z.boolean().default(false),
});
export type ExecutorInfo = z.infer<typeof ExecutorInfoSchema>;

export const RunConfigSchema = z.object({
  defaultExecutorId: z.string().optional(),
  defaultPermissionMode: PermissionModeSchema,
  /** Executors whose confirmation card is skipped (setting `viban.skipConfirmation`). */
  skipConfirmation: z.array(z.string()),
  /** The folder agents run in, shown on the confirmation card. */
  workspaceFolder: z.string().optional(),
  /** VS Code runs as root: Claude Code refuses Full auto then. */
  runningAsRoot: z.boolean(),
  /** Whether runs can be isolated in git worktrees here, and the branches to start from. */
  git: GitContextSchema.optional(),
  /** Setting `viban.isolation`: where runs go by default. */
  defaultIsolation: z.enum(['workspace', 'worktree']).default('workspace'),
  /** Remote runs on GitHub Actions: whether this folder can, and what is missing. */
  remote: RemoteInfoSchema.optional(),
});
export type RunConfig = z.infer<typeof RunConfigSchema>;

// ---- webview -> host ------------------------------------------------------------------------

const req = { requestId: z.string().min(1) };

export const FromWebviewSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  z.object({ type: z.literal('openFolder') }),
  z.object({ type: z.literal('selectFolder'), folderKey: z.string() }),
  z.object({ type: z.literal('openBoardInEditor') }),
  z.object({ type: z.literal('createTask'), ...req, title: z.string(), description: z.string().optional(), columnId: z.string().optional() }),
  z.object({ type: z.literal('updateTask'), ...req, taskId: z.string(), title: z.string().optional(), description: z.string().optional() }),
  z.object({ type: z.literal('deleteTask'), ...req, taskId: z.string() }),
  z.object({ type: z.literal('moveTask'), ...req, taskId: z.string(), toColumnId: z.string(), toIndex: z.number().int().nonnegative() }),
  z.object({ type: z.literal('addColumn'), ...req, title: z.string() }),
  z.object({ type: z.literal('renameColumn'), ...req, columnId: z.string(), title: z.string() }),
  z.object({ type: z.literal('moveColumn'), ...req, columnId: z.string(), toIndex: z.number().int().nonnegative() }),
  z.object({ type: z.literal('deleteColumn'), ...req, columnId: z.string() }),
  z.object({ type: z.literal('log'), level: z.enum(['info', 'warn', 'error']), message: z.string().max(10_000) }),
  // ---- sessions (agent runs) ----
  /** Ask for the executor list with detection; answered by an `executors` push. */
  z.object({ type: z.literal('detectExecutors') }),
  z.object({
    type: z.literal('startRun'),
    ...req,
    taskId: z.string(),
    executorId: z.string(),
    permissionMode: PermissionModeSchema,
    model: z.string().optional(),
    /** Run in the workspace itself, in the task's own git worktree (created on first use), or on GitHub Actions. */
    isolation: z.enum(['workspace', 'worktree', 'github']).optional(),
    /** Branch a new worktree starts from (default: the current branch). */
    baseBranch: z.string().optional(),
  }),
  z.object({ type: z.literal('stopSession'), ...req, sessionId: z.string() }),
  z.object({
    type: z.literal('answerApproval'),
    ...req,
    sessionId: z.string(),
    approvalId: z.string(),
    decision: z.enum(['allow', 'allow_always', 'deny']),
    message: z.string().max(4000).optional(),
  }),
  /** A follow-up message to the task's agent (goes in live, or resumes the agent's session). */
  z.object({ type: z.literal('sendMessage'), ...req, taskId: z.string(), text: z.string() }),
  /** Subscribe to a task's sessions; answered by `sessions` and kept current with `sessionUpdated`. */
  z.object({ type: z.literal('watchTask'), taskId: z.string().nullable() }),
  /** Subscribe to one session's log: the host sends the tail, then streams new entries. */
  z.object({ type: z.literal('openSession'), sessionId: z.string(), tail: z.number().int().positive().max(5000).default(500) }),
  z.object({ type: z.literal('loadOlder'), sessionId: z.string(), beforeSeq: z.number().int().nonnegative(), count: z.number().int().positive().max(5000).default(500) }),
  z.object({ type: z.literal('closeSession'), sessionId: z.string() }),
  z.object({ type: z.literal('openInTerminal'), ...req, taskId: z.string(), executorId: z.string() }),
  z.object({ type: z.literal('setSkipConfirmation'), executorId: z.string(), skip: z.boolean() }),
  /** Cancel the task's run on GitHub Actions (cancels the workflow run). */
  z.object({ type: z.literal('cancelRemote'), ...req, taskId: z.string() }),
  /** Write .github/workflows/viban.yml after showing it (the host previews and confirms). */
  z.object({ type: z.literal('initRemote'), ...req }),
  // ---- review (git) ----
  /** Follow a task's changes: answered by `review`, refreshed while its agent works. null stops. */
  z.object({ type: z.literal('watchReview'), taskId: z.string().nullable() }),
  /** Open VS Code's diff editor for one changed file (base vs the task's worktree). */
  z.object({ type: z.literal('openDiff'), taskId: z.string(), path: z.string() }),
  /** Commit, then merge (squash/merge) into the base branch, or push and open a pull request. */
  z.object({ type: z.literal('acceptTask'), ...req, taskId: z.string(), action: AcceptActionSchema, message: z.string().max(20_000) }),
  /** Review comments back to the same agent session (a follow-up). */
  z.object({ type: z.literal('sendBack'), ...req, taskId: z.string(), comments: z.string().max(20_000) }),
  /** Remove the task's worktree and branch (the host confirms first). */
  z.object({ type: z.literal('discardTask'), ...req, taskId: z.string() }),
  /** Open the task's worktree in a new VS Code window. */
  z.object({ type: z.literal('openWorktree'), taskId: z.string() }),
  // ---- conversation and queue ----
  /** A page of the task's conversation (newest first when `before` is left out); answered by `conversationPage`. */
  z.object({ type: z.literal('loadConversation'), taskId: z.string(), before: z.number().int().positive().optional(), limit: z.number().int().positive().max(500).optional() }),
  /** Take a queued job out of line, or dismiss an interrupted one. */
  z.object({ type: z.literal('queueCancel'), ...req, jobId: z.string() }),
  /**
   * Put a failed, interrupted or cancelled job back in line. For a message, taskId and messageId
   * let the host queue it again when the queue has already forgotten the job.
   */
  z.object({ type: z.literal('queueRetry'), ...req, jobId: z.string(), taskId: z.string().optional(), messageId: z.string().optional() }),
  // ---- task graph (issue #12) ----
  /**
   * One message for the graph's intents: `link`/`unlink` (taskId waits / stops waiting for otherId),
   * `setTier`, `runAll` (optionally one column), `stopAll`, `release` (a held task runs without its
   * failed prerequisites), `resolveMerge` (open a task held with "needs merge: <file>" in the merge
   * editor, its conflicted files in its worktree). The host checks which fields each needs.
   */
  z.object({
    type: z.literal('graphAction'),
    ...req,
    action: z.enum(['link', 'unlink', 'setTier', 'runAll', 'stopAll', 'release', 'resolveMerge']),
    taskId: z.string().optional(),
    otherId: z.string().optional(),
    tier: TierSchema.optional(),
    columnId: z.string().optional(),
  }),
  /** Start a background worker for the folder (the "No worker is running" banner's action). */
  z.object({ type: z.literal('startWorker'), ...req }),
  // ---- stage automation (recipes, skills, stage runs: see ./automation) ----
  ...AutomationFromWebviewSchemas,
  // ---- Assist (issue #14: see ./assistMessages) ----
  ...AssistFromWebviewSchemas,
]);
export type FromWebview = z.infer<typeof FromWebviewSchema>;
export type RequestMessage = Extract<FromWebview, { requestId: string }>;

// ---- host -> webview ------------------------------------------------------------------------

export const ToWebviewSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('snapshot'), snapshot: SnapshotSchema }),
  /** Answer to a request: ok, or an error the webview shows (and, for a move, snaps back). */
  z.object({
    type: z.literal('reply'),
    inReplyTo: z.string(),
    ok: z.boolean(),
    error: z.string().optional(),
    taskId: z.string().optional(),
    sessionId: z.string().optional(),
    /** The queue job a run or message went into, and its place in line when it waits. */
    jobId: z.string().optional(),
    position: z.number().int().positive().optional(),
  }),
  /** Ask the webview to open a task's detail (for example after creating it from the palette). */
  z.object({ type: z.literal('showTask'), taskId: z.string() }),
  // ---- sessions (agent runs) ----
  z.object({ type: z.literal('executors'), executors: z.array(ExecutorInfoSchema), runConfig: RunConfigSchema }),
  z.object({ type: z.literal('sessions'), taskId: z.string(), sessions: z.array(SessionMetaSchema) }),
  z.object({ type: z.literal('sessionUpdated'), session: SessionMetaSchema }),
  /**
   * Log entries of an open session. `reset`: replace what is shown (the tail after openSession);
   * `older`: prepend (a page before what is shown); otherwise append (live). Deltas with the same
   * id merge on the webview side.
   */
  z.object({
    type: z.literal('sessionLog'),
    sessionId: z.string(),
    entries: z.array(LogEntrySchema),
    mode: z.enum(['reset', 'older', 'append']),
    /** Whether entries before the first one sent exist (for "load older"). */
    hasOlder: z.boolean().optional(),
  }),
  z.object({ type: z.literal('approvals'), pending: z.array(PendingApprovalSchema) }),
  /**
   * What a running agent is doing, for its card ("Running npm test"): a small live push while
   * the board itself is written only when a run starts or ends. The board's own status wins
   * again once it says the same (or the run ended).
   */
  z.object({ type: z.literal('cardStatus'), taskId: z.string(), agentStatus: AgentStatusSchema, agentStatusMessage: z.string().optional() }),
  // ---- review (git) ----
  z.object({ type: z.literal('review'), review: ReviewStateSchema }),
  // ---- conversation and queue ----
  /** The queue across the workspace folder: pushed on every change. */
  z.object({ type: z.literal('queue'), snapshot: QueueSnapshotSchema }),
  /** Who runs the queue: live workers and waiting runs; in background mode, none alive with runs waiting is the "No worker" banner. */
  z.object({ type: z.literal('workers'), background: z.boolean(), live: z.number().int().nonnegative(), queued: z.number().int().nonnegative() }),
  /** A page of a conversation, oldest first: the newest page replaces, an older page is prepended. */
  z.object({ type: z.literal('conversationPage'), page: ConversationPageSchema, older: z.boolean() }),
  /** One new or updated message (latest version) of the watched task's conversation. */
  z.object({ type: z.literal('conversationMessage'), message: ConversationMessageSchema }),
  /** The folder's Run all: whether it runs, and its progress or last outcome (for the board header). */
  z.object({ type: z.literal('graphRun'), running: z.boolean(), text: z.string().optional() }),
  ...AutomationToWebviewSchemas,
  ...AssistToWebviewSchemas,
]);
export type ToWebview = z.infer<typeof ToWebviewSchema>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; error: string };

function parseWith<T>(schema: z.ZodType<T, z.ZodTypeDef, unknown>, data: unknown): ParseResult<T> {
  const r = schema.safeParse(data);
  if (r.success) return { ok: true, value: r.data };
  return { ok: false, error: describeZodError(r.error) };
}

export const parseFromWebview = (data: unknown): ParseResult<FromWebview> => parseWith(FromWebviewSchema, data);
export const parseToWebview = (data: unknown): ParseResult<ToWebview> => parseWith(ToWebviewSchema, data);

/** One readable line per issue: "tasks.3.title: Too small ...". */
export function describeZodError(error: z.ZodError): string {
  return error.issues
    .slice(0, 5)
    .map((i) => `${i.path.length ? i.path.join('.') : '(root)'}: ${i.message}`)
    .join('; ');
}
