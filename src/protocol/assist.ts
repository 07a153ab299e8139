// Assist's shapes (issue #14), shared by the host, the store and the views: the plan the code
// advisor proposes (exactly the `propose_plan` tool's input), and a conversation with what Assist
// knew when it answered. Zod is the one source of truth; the graph rules on a plan (keys it links
// to exist, no cycle) live in src/assist/planCheck.ts.
import { z } from 'zod';
import { MEMORY_CATEGORIES, MEMORY_VALUE_MAX, MemoryCategorySchema } from './memory';

export const PLAN_TIERS = ['A', 'B', 'C'] as const;

export const PlanTaskSchema = z
  .object({
    /** Short id the plan's links use ("serializer"); not a board id. */
    key: z.string().trim().min(1).max(60),
    title: z.string().trim().min(1).max(500),
    description: z.string(),
    /** How a reviewer (or the checks) knows the task is done. */
    acceptance: z.string(),
    tier: z.enum(PLAN_TIERS),
    blockedBy: z.array(z.string()),
    estimateMinutes: z.number().finite().nonnegative().max(10_000),
  })
  .strict();
export type PlanTask = z.infer<typeof PlanTaskSchema>;

export const AssistPlanSchema = z
  .object({
    summary: z.string().trim().min(1),
    questions: z.array(z.string()),
    tasks: z.array(PlanTaskSchema).max(100),
    risks: z.array(z.string()),
  })
  .strict();
export type AssistPlan = z.infer<typeof AssistPlanSchema>;

/** The JSON Schema of `propose_plan`'s input, for API tool definitions and the advisor's prompt. */
export const PROPOSE_PLAN_TOOL = {
  name: 'propose_plan',
  description: 'Propose the plan for the request: a summary, clarifying questions (if any), the tasks as a graph, and the risks.',
  input_schema: {
    type: 'object',
    additionalProperties: false,
    required: ['summary', 'questions', 'tasks', 'risks'],
    properties: {
      summary: { type: 'string', description: 'One or two plain sentences: what will be done.' },
      questions: { type: 'array', items: { type: 'string' }, description: 'Questions to settle before starting; empty when none.' },
      tasks: {
        type: 'array',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['key', 'title', 'description', 'acceptance', 'tier', 'blockedBy', 'estimateMinutes'],
          properties: {
            key: { type: 'string' },
            title: { type: 'string' },
            description: { type: 'string' },
            acceptance: { type: 'string' },
            tier: { type: 'string', enum: ['A', 'B', 'C'] },
            blockedBy: { type: 'array', items: { type: 'string' }, description: 'Keys of tasks of this plan that must finish first.' },
            estimateMinutes: { type: 'number' },
          },
        },
      },
      risks: { type: 'array', items: { type: 'string' } },
    },
  },
} as const;

// ── memory proposals ─────────────────────────────────────────────────────────────────────────

/**
 * One thing Assist proposes to remember from the conversation (a decision, a preference, an open
 * question…): the `remember` tool's items for API advisors, the ```remember block for CLI ones.
 */
export const RememberItemSchema = z
  .object({
    category: MemoryCategorySchema,
    value: z.string().trim().min(1).max(MEMORY_VALUE_MAX),
    key: z.string().trim().min(1).max(80).optional(),
    /** Open questions: when to bring it up again (YYYY-MM-DD). */
    due: z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'must be a date').optional(),
  })
  .strict();
export type RememberItem = z.infer<typeof RememberItemSchema>;

const REMEMBER_ITEM_JSON_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['category', 'value'],
  properties: {
    category: { type: 'string', enum: [...MEMORY_CATEGORIES], description: 'decision, preference, open (a question to revisit), context (a fact about the project) or experiment.' },
    value: { type: 'string', description: 'The statement in plain words, e.g. "No social login for now".' },
    key: { type: 'string', description: 'A short slug of the subject ("social-login"), so a later statement about it can replace it.' },
    due: { type: 'string', description: 'For open questions: when to bring it up again (YYYY-MM-DD).' },
  },
} as const;

/** The JSON Schema of `remember`'s input. */
export const REMEMBER_TOOL = {
  name: 'remember',
  description: 'Remember decisions, preferences, open questions or facts the USER stated in this request, so later conversations and agent runs follow them.',
  input_schema: { type: 'object', additionalProperties: false, required: ['items'], properties: { items: { type: 'array', items: REMEMBER_ITEM_JSON_SCHEMA } } },
} as const;

// ── conversations ────────────────────────────────────────────────────────────────────────────

export const ASSIST_CONVERSATION_SCHEMA_VERSION = 1;

export const AssistMessageKindSchema = z.enum([
  /** What the user wrote. */
  'request',
  /** Assist's plain answer. */
  'answer',
  /** Clarifying questions (quick replies in the view). */
  'questions',
  /** "Reading the code…": the files the advisor read. */
  'reading',
  /** A plan waiting for Start / Change / Not now. */
  'plan',
  /** The plan's tasks are on the board. */
  'started',
  /** What happened to the plan's runs. */
  'followup',
  /** Something went wrong, said plainly. */
  'error',
  /** "Remembered: <value>" — a memory item Assist saved from the conversation (Undo forgets it). */
  'remembered',
]);
export type AssistMessageKind = z.infer<typeof AssistMessageKindSchema>;

export const AssistMessageSchema = z
  .object({
    id: z.string().min(1),
    role: z.enum(['user', 'assistant']),
    kind: AssistMessageKindSchema,
    text: z.string(),
    at: z.string(),
    plan: AssistPlanSchema.optional(),
    filesRead: z.array(z.string()).optional(),
    /** Board ids of the cards a plan became, by plan key. */
    taskIds: z.record(z.string(), z.string()).optional(),
    /** The context snapshot Assist answered with (see snapshots). */
    snapshotId: z.string().optional(),
    /** A 'remembered' message: the memory item it saved, and whether the user undid it since. */
    memoryId: z.string().optional(),
    undone: z.boolean().optional(),
  })
  .strict();
export type AssistMessage = z.infer<typeof AssistMessageSchema>;

/** What Assist knew when it answered ("what did it know when it said that?"). */
export const AssistSnapshotSchema = z
  .object({
    id: z.string().min(1),
    at: z.string(),
    /** The context text exactly as the model got it. */
    text: z.string(),
    /** Its estimated size in tokens, and the budget it was fitted into. */
    tokens: z.number().int().nonnegative(),
    budgetTokens: z.number().int().positive(),
    /** What was included and what was left out for room, per part. */
    parts: z.record(z.string(), z.object({ included: z.number().int().nonnegative(), total: z.number().int().nonnegative() }).strict()),
  })
  .strict();
export type AssistSnapshot = z.infer<typeof AssistSnapshotSchema>;

export const AssistConversationSchema = z
  .object({
    schemaVersion: z.literal(ASSIST_CONVERSATION_SCHEMA_VERSION),
    id: z.string().min(1),
    title: z.string(),
    createdAt: z.string(),
    updatedAt: z.string(),
    messages: z.array(AssistMessageSchema),
    snapshots: z.array(AssistSnapshotSchema),
  })
  .strict();
export type AssistConversation = z.infer<typeof AssistConversationSchema>;
