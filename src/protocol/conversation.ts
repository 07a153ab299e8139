// A task's conversation (DESIGN §3, `messages/<taskId>.jsonl`): what the user asked and what the
// agent answered, one message a bubble. The file is append-only: a status change or a streamed
// content update is a new record with the same id, and readers keep the last record of each id.
import { z } from 'zod';

export const ConversationRoleSchema = z.enum(['user', 'assistant', 'system']);
export type ConversationRole = z.infer<typeof ConversationRoleSchema>;

export const ConversationStatusSchema = z.enum(['pending', 'processing', 'completed', 'failed']);
export type ConversationStatus = z.infer<typeof ConversationStatusSchema>;

export const ConversationMetadataSchema = z.object({
  executorId: z.string().optional(),
  model: z.string().optional(),
  sessionId: z.string().optional(),
  inputTokens: z.number().nonnegative().optional(),
  outputTokens: z.number().nonnegative().optional(),
  costUsd: z.number().nonnegative().optional(),
  durationMs: z.number().nonnegative().optional(),
  error: z.string().optional(),
  /** The queue job that carries this message to the agent, if any. */
  jobId: z.string().optional(),
});
export type ConversationMetadata = z.infer<typeof ConversationMetadataSchema>;

export const ConversationMessageSchema = z.object({
  id: z.string().min(1),
  taskId: z.string().min(1),
  /** Per task, from 1, one more for each new message; every record of a message repeats it. */
  sequence: z.number().int().positive(),
  /** 0 for the record that created the message, +1 for each superseding record. */
  revision: z.number().int().nonnegative(),
  role: ConversationRoleSchema,
  content: z.string(),
  status: ConversationStatusSchema,
  createdAt: z.string().min(1),
  updatedAt: z.string().min(1),
  metadata: ConversationMetadataSchema.optional(),
});
export type ConversationMessage = z.infer<typeof ConversationMessageSchema>;

/** One page of a conversation, oldest first; `hasOlder` says whether scrolling up finds more. */
export const ConversationPageSchema = z.object({
  taskId: z.string(),
  messages: z.array(ConversationMessageSchema),
  hasOlder: z.boolean(),
});
export type ConversationPage = z.infer<typeof ConversationPageSchema>;
