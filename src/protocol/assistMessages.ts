// The Assist view's messages (issue #14), spread into the one webview protocol (./messages.ts) like
// stage automation's: the view watches one conversation, asks in plain words, answers a plan's
// confirmation card (Start / Not now; Change is the composer again), and opens what it links to.
// The host pushes one `assist` state: the conversation list, the watched conversation as stored,
// what Assist is doing right now, and the cost estimate of each plan when one can be made.
import { z } from 'zod';
import { AssistConversationSchema } from './assist';

const areq = { requestId: z.string().min(1) };

export const AssistFromWebviewSchemas = [
  /** Show this conversation (null: a new, empty one); the host answers with `assist`. */
  z.object({ type: z.literal('assistWatch'), conversationId: z.string().nullable() }),
  /** The user wrote to Assist: continue `conversationId`, or start a new conversation when null. */
  z.object({ type: z.literal('assistAsk'), ...areq, conversationId: z.string().nullable(), text: z.string().max(20_000) }),
  /** The confirmation card's answer to the plan message `messageId`. */
  z.object({ type: z.literal('assistPlan'), ...areq, conversationId: z.string(), messageId: z.string(), action: z.enum(['start', 'notNow']) }),
  /** Undo of "Remembered: …" (message `messageId`): the memory item is forgotten. */
  z.object({ type: z.literal('assistUndoRemember'), ...areq, conversationId: z.string(), messageId: z.string() }),
  /** Open a plan's card on the board, or the Assist view in the wide editor. */
  z.object({ type: z.literal('assistOpen'), target: z.enum(['task', 'editor']), taskId: z.string().optional() }),
] as const;

export const AssistConversationSummarySchema = z.object({ id: z.string(), title: z.string(), updatedAt: z.string() });
export type AssistConversationSummary = z.infer<typeof AssistConversationSummarySchema>;

/** What Assist is doing in a conversation right now. */
export const AssistBusySchema = z.object({
  conversationId: z.string(),
  /** reading: the code advisor reads and plans; starting: the plan's cards are being created; running: they run. */
  stage: z.enum(['reading', 'starting', 'running']),
  /** The files the advisor has read so far (reading). */
  files: z.array(z.string()),
});
export type AssistBusy = z.infer<typeof AssistBusySchema>;

/** A plan's cost, estimated from what runs cost here per minute (absent when there is too little to go on). */
export const PlanCostSchema = z.object({ usd: z.number().nonnegative(), runs: z.number().int().positive() });
export type PlanCost = z.infer<typeof PlanCostSchema>;

export const AssistStateSchema = z.object({
  /** No folder open: the view says so instead of offering a composer. */
  folder: z.string().nullable(),
  conversations: z.array(AssistConversationSummarySchema),
  conversation: AssistConversationSchema.nullable(),
  busy: z.array(AssistBusySchema),
  /** By plan message id. */
  costs: z.record(z.string(), PlanCostSchema),
  /** Who plays the code advisor ("Demo agent (offline replay)"), or why there is none. */
  advisor: z.string(),
});
export type AssistState = z.infer<typeof AssistStateSchema>;

export const AssistToWebviewSchemas = [z.object({ type: z.literal('assist'), state: AssistStateSchema })] as const;
