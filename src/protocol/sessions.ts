// A session is one run of an executor for a task (DESIGN §3): metadata in
// .viban/sessions/<id>.json, its normalized log in .viban/sessions/<id>.jsonl.
import { z } from 'zod';
import { UsageSchema } from './logEntries';

export const SessionStatusSchema = z.enum(['queued', 'running', 'waiting_for_user', 'succeeded', 'failed', 'stopped', 'interrupted']);
export type SessionStatus = z.infer<typeof SessionStatusSchema>;

export const PermissionModeSchema = z.enum(['ask', 'auto-edit', 'plan', 'full-auto']);

export const SESSION_SCHEMA_VERSION = 1;

export const SessionMetaSchema = z.object({
  schemaVersion: z.literal(SESSION_SCHEMA_VERSION),
  id: z.string().min(1),
  taskId: z.string().min(1),
  executorId: z.string().min(1),
  executorLabel: z.string(),
  status: SessionStatusSchema,
  /** What the user asked for in this run (the first user turn). */
  prompt: z.string(),
  cwd: z.string(),
  model: z.string().optional(),
  permissionMode: PermissionModeSchema.optional(),
  /** The process that runs the session (an extension host or a `viban` command). */
  ownerPid: z.number().int().optional(),
  /** The agent's process (group leader), while it runs. */
  pid: z.number().int().optional(),
  exitCode: z.number().int().nullable().optional(),
  /** The agent's own session/thread id, for resume. */
  agentSessionId: z.string().optional(),
  /** The session this one continues (a follow-up resumed from it). */
  resumedFrom: z.string().optional(),
  costUsd: z.number().optional(),
  usage: UsageSchema.optional(),
  numTurns: z.number().optional(),
  durationMs: z.number().optional(),
  error: z.string().optional(),
  createdAt: z.string(),
  startedAt: z.string().optional(),
  endedAt: z.string().optional(),
  /** Number of log entries written so far (the next entry's seq). */
  entryCount: z.number().int().nonnegative().default(0),
});
export type SessionMeta = z.infer<typeof SessionMetaSchema>;

export const TERMINAL_STATUSES: readonly SessionStatus[] = ['succeeded', 'failed', 'stopped', 'interrupted'];
export const isLive = (s: SessionStatus) => s === 'running' || s === 'waiting_for_user' || s === 'queued';

/** A pending approval the user must answer (shown as an approval card). */
export const PendingApprovalSchema = z.object({
  sessionId: z.string(),
  requestId: z.string(),
  toolName: z.string(),
  input: z.unknown(),
  taskId: z.string(),
});
export type PendingApproval = z.infer<typeof PendingApprovalSchema>;
