// .viban/memory.json: what the project has decided, prefers, still has open, knows and is trying,
// remembered across conversations and runs (issue #14, "Memory"). Committable like board.json: a
// team shares its decisions. Zod is the one source of truth for the shape.
import { z } from 'zod';

export const MEMORY_SCHEMA_VERSION = 1;

export const MEMORY_CATEGORIES = ['decision', 'preference', 'open', 'context', 'experiment'] as const;
export const MemoryCategorySchema = z.enum(MEMORY_CATEGORIES);
export type MemoryCategory = z.infer<typeof MemoryCategorySchema>;

const isoTime = z.string().min(1).refine((s) => !Number.isNaN(Date.parse(s)), 'must be an ISO date or time');

/** Keys are short slugs ("social-login"): what an item is about, so a later statement can contradict it. */
export const MEMORY_KEY_MAX = 80;
export const MEMORY_VALUE_MAX = 2000;

export const MemoryItemSchema = z
  .object({
    id: z.string().min(1),
    category: MemoryCategorySchema,
    key: z.string().min(1).max(MEMORY_KEY_MAX),
    value: z.string().min(1).max(MEMORY_VALUE_MAX),
    /** 0–1: how sure the project is; lowered each time something contradicts it. */
    confidence: z.number().min(0).max(1),
    /** The Assist conversation (or agent session) it was learned from. */
    sourceConversation: z.string().min(1).optional(),
    createdAt: isoTime,
    updatedAt: isoTime,
    /** Open questions: when to bring it up again (the briefing lists the due ones). */
    due: isoTime.optional(),
  })
  .strict();
export type MemoryItem = z.infer<typeof MemoryItemSchema>;

export const MemoryFileSchema = z
  .object({
    schemaVersion: z.literal(MEMORY_SCHEMA_VERSION),
    items: z.array(MemoryItemSchema),
  })
  .superRefine((file, ctx) => {
    const ids = new Set<string>();
    file.items.forEach((item, i) => {
      if (ids.has(item.id)) ctx.addIssue({ code: 'custom', path: ['items', i, 'id'], message: `duplicate memory id "${item.id}"` });
      ids.add(item.id);
    });
  });
export type MemoryFile = z.infer<typeof MemoryFileSchema>;

export const emptyMemoryFile = (): MemoryFile => ({ schemaVersion: MEMORY_SCHEMA_VERSION, items: [] });
